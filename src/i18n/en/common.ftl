# Messages shared by the TUI and the CLI.

# Used by the message layer's own test (plural forms).
test-rows = { $count ->
    [one] { $count } row
   *[other] { $count } rows
}
