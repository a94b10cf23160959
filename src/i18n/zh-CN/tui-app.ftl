# 终端界面的更新逻辑：`:` 命令、状态消息、提示行、导出对话框的提问、来源弹窗中的文件信息，以及帮助和 docs/keys.md
# 所列的编辑器、文本框和鼠标操作表。

## `:` 命令（src/tui/app/commands.rs）：各命令的作用、用法中显示的参数，以及相关消息。

cmd-quit = 退出 qlake
cmd-help = 本面板的按键
cmd-messages = 本次运行的全部状态消息，完整显示，最新的在前
cmd-lang = 中文 / 英文（界面和名称）；`:lang zh` 或 `:lang en` 直接选定
cmd-wrap = SQL 控制台的长行自动换行，或恢复横向滚动
cmd-pane = 按名称或编号切换面板
cmd-export = 导出当前视图背后的记录（格式由扩展名决定）
cmd-find = 按名称查找省、市、产业链、项目、企业；按 Enter 在“逐级”面板中打开
cmd-row = 跳到表格第 N 行
cmd-filter = 以该参数重新运行评级、覆盖或资金面板（留空则清除该参数）

cmd-arg-name = 名称
cmd-arg-file = 文件
cmd-arg-text = 文本
cmd-arg-n = N
# 显示时加方括号：可以省略。
cmd-arg-value = 值

cmd-no-message-yet = 暂无消息
cmd-messages-title = 消息
cmd-wrap-on = SQL 长行自动换行
cmd-wrap-off = SQL 长行横向滚动
cmd-no-pane = 没有名为 `{ $name }` 的面板
cmd-needs-argument = 缺少参数：:{ $verb } { $argument }
# $usage：命令表中的全部命令及其参数。
cmd-unknown = 未知命令 `{ $verb }`（可用：{ $usage }）
cmd-nothing-to-export = 这里没有可导出的内容
cmd-no-grid = 这里没有表格
cmd-row-not-number = :row 需要行号，`{ $arg }` 不是行号
cmd-filter-elsewhere = :{ $param } 用于筛选评级、覆盖和资金面板

# 按键参考（docs/keys.zh-CN.md）中的 `:` 命令一节。
cmd-doc-heading = `:` 命令
cmd-doc-intro = 在 `:`（命令行）后输入；取自 `src/tui/app/commands.rs` 中的命令表。
cmd-doc-command = 命令
cmd-doc-what = 作用

## SQL 控制台（src/tui/app/console.rs）。

console-key-word = 按词左移 / 右移
console-key-line-ends = 行首 / 行尾
console-key-delete-to-start = 删除到行首
console-key-delete-word = 删除光标前的词
console-key-esc = 结束编辑：面板按键、`q`、`:` 和结果表格恢复可用
console-key-enter = （未编辑时）重新编辑 SQL；单击 SQL 亦可
console-key-wrap = 长行自动换行，不再横向滚动

console-catalog-loading = 仍在读取湖仓的表和列
console-no-completion = 没有以 `{ $word }` 开头的表或列
# $names：可补全的名称，以两个空格分隔。
console-completions = { $count } 个名称：{ $names }
console-param-by-name = 参数的取值按参数名询问：请写 `$year`，不要写 `?` 或 `$1`（DuckDB 将其编号为 { $bad }）
console-no-config-folder = 没有可保存查询的配置文件夹
console-not-saved = 未保存：{ $error }
console-param-unnamed = 未保存：已存查询的参数必须有名称（如 `$province`），不能是 `${ $bad }`

## 下钻和来源弹窗（src/tui/app/explore.rs）。

# 总览中公布的数字，在来源弹窗中显示。
explore-measure-firms = 企业数
explore-measure-projects = 项目数
explore-headline-note = { $measure }，备注：{ $note }
# $figure：带限定标记的数字；$label：统计口径；$source：explore-headline-other-source 或空；$quote：出处原句。
explore-headline-published = { $measure }公布为 { $figure }（{ $label }）{ $source }：{ $quote }
explore-headline-other-source = ，来源 { $source }
explore-no-headline = 该省没有公布的数字：按 Enter 打开其明细行，再在某一行上按 i
explore-no-drill = `{ $query }` 没有声明下钻
explore-find-needs-text = :find 需要查找文字：名称的一部分，中文或英文均可
# 查找结果列表的路径名。
explore-find-crumb = 查找：{ $text }
explore-organisation = 机构不在下钻路径上：按 i 查看提及它的来源
# 湖仓中没有名称或代码的层级，在路径中的显示。
explore-crumb-province = 省
explore-crumb-province-wide = 全省
explore-crumb-no-chain = 无产业链
explore-crumb-project = 项目
explore-no-source-columns = 这里没有出处列：汇总视图没有出处，请下钻到具体记录再按 i
explore-adds-up = 此行合计了 { $items } 笔金额，各有其来源：按 Enter 逐项列出

## DuckDB 返回的结果（src/tui/app/fetch.rs）。

fetch-cancelled = 查询已取消
fetch-finished-before-cancel = 取消生效前查询已经完成
fetch-tile-cancelled = 已取消（按 r 重新加载）
fetch-page-cancelled = 已取消（按 r 重新运行）
fetch-source-failed = 无法读取来源：{ $error }
fetch-not-saved = 未保存：{ $error }
fetch-exported = 已将 { $count } 行导出到 { $path }
fetch-export-failed = 导出失败：{ $error }
fetch-export-cancelled = 导出已取消，未写入文件
fetch-source-missing = `sources` 表中没有这条来源
# 来源弹窗中关于文件的几行：标签等宽对齐。
fetch-doc-title = 文件标题：{ $title }
fetch-doc-publisher = 发布机构：{ $publisher }
fetch-doc-date = 发布日期：{ $date }
fetch-doc-file = 存档文件：{ $file }

## 按键对表格的操作（src/tui/app/grid_steps.rs）。

grid-step-hidden = 已隐藏 `{ $column }`：按 + 重新显示隐藏的列，按 u 撤销
grid-step-none-hidden = 没有隐藏的列
grid-step-shown-again = 已重新显示 { $count } 个隐藏的列
grid-step-nothing-to-undo = 没有可撤销的操作：这里没有改过筛选、排序或隐藏列
grid-step-copied = 已复制 { $count } 个字符

## 弹出层：提示行和导出对话框（src/tui/app/layers.rs）。

layer-prompt-save-as = 存为查询，名称：
layer-prompt-find = 查找：
layer-export-unknown-format = 无法从 { $path } 判断格式：请以 .csv、.xlsx、.parquet、.json、.jsonl、.tsv、.arrow、.md 或 .txt 结尾，或按 Tab 选择格式
# $named：扩展名对应的格式；$picked：用 Tab 选定的格式。
layer-export-mismatch = { $path } 的扩展名对应 { $named }，但当前选择的是 { $picked }：再按 Enter 仍按 { $picked } 写入，按 Tab 改选其他格式
layer-nothing-to-export = 这里没有可导出的内容
layer-export-folder = { $path } 是文件夹：请在末尾加上文件名
layer-export-exists = { $path } 已存在：请另取一个名称（导出从不覆盖已有文件）
layer-exporting = 正在导出到 { $path }…

## 跨更新保留的状态（src/tui/app/persist.rs）。

persist-lake-changed = 湖仓已变更（导入或撤销）：各项数字已重新读取
persist-library-reloaded = 已存查询已重新加载（共 { $count } 个）
persist-library-reloaded-refused = 已存查询已重新加载（共 { $count } 个，{ $refused } 个无法加载：见 `qlake query list`）

## 鼠标（src/tui/app/mouse.rs）：每种操作及其作用。

mouse-wheel = 滚轮
mouse-wheel-does = 滚动指针下的表格或弹窗
mouse-click = 单击
mouse-click-does = 选择标签、表格行或总览中的省份
mouse-click-selected = 单击已选中的行
mouse-click-selected-does = 打开该行，同 Enter（双击即下钻）
mouse-right-click = 右键单击
mouse-right-click-does = 选中该行并打开其来源，同 i
mouse-click-sql = 单击 SQL
mouse-click-sql-does = 编辑 SQL

## 文本框（src/tui/field.rs）：按键（按键盘上的写法）及其作用。

field-keys-move = ←/→ Home End
field-move = 在文本中移动（在表单中，←/→ 用于选择选项）
field-keys-delete = Backspace Del
field-delete = 删除光标前 / 光标处的字符
field-keys-ctrl-u = Ctrl+U
field-delete-to-start = 删除到开头
field-keys-ctrl-w = Ctrl+W
field-delete-word = 删除光标前的词（或文件夹名）
field-keys-any-text = 直接输入
field-replaces = 替换以选中状态显示的建议值或默认值
field-keys-home = ~/
field-home = 位于文件名开头时表示主目录

## 保存查询文件（src/tui/effect.rs）。

effect-query-exists = { $path } 已存在，请另取一个名称
effect-save-failed = 无法保存 { $path }：{ $error }

## 表格的列（src/tui/grid/columns.rs）。

columns-no-column = 这里没有列
columns-only-column = `{ $column }` 是唯一显示的列，不能隐藏
cmd-arg-lang = [zh|en]
cmd-no-lang = 没有 `{ $lang }` 这种语言：可选 zh 或 en
