//! An integration test of the dependent crate, through isohost's API.

#[test]
fn integration_test_sees_the_console_and_frames() {
    let host = isohost::Host::new(isohost::HostOptions::new("pages")).unwrap();
    let tab = host.open("http://app.test/").unwrap();
    assert!(host.wait_idle(None));
    let console: Vec<String> = host.console().into_iter().map(|m| m.text).collect();
    assert_eq!(console, ["hello from app.test"]);
    let frames = host.frames();
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].id, tab.main_frame);
    assert_eq!(frames[0].origin, "http://app.test");
    assert!(isohost_dependent::libnode_path().is_some());
}
