use super::*;

#[test]
fn addresses_are_grpc_with_a_port_and_nothing_else() {
    let plain = EngineAddress::parse("grpc://127.0.0.1:32010").expect("plain");
    assert!(!plain.tls);
    assert_eq!(plain.endpoint, "http://127.0.0.1:32010");
    let tls = EngineAddress::parse("grpc+tls://doris.example:8070").expect("tls");
    assert!(tls.tls);
    assert_eq!(tls.endpoint, "https://doris.example:8070");
    for bad in [
        "http://h:1",
        "grpc://h",
        "grpc://h:port",
        "grpc://user:pw@h:1",
        "grpc://:1",
    ] {
        let e = EngineAddress::parse(bad).expect_err(bad);
        assert!(e.to_string().contains(bad), "{e}");
    }
}
