//! The V8 start-up snapshot of the bindings (issue 15): realms made from
//! it look and behave as realms that compiled and ran the bindings, which
//! `ISOHOST_NO_SNAPSHOT=1` still does.

/// Runs isohost with the snapshot on or off: (exit code, stdout, stderr).
fn isohost(snapshot: bool, args: &[&str]) -> (i32, String, String) {
    isohost_with(snapshot, &[], args)
}

/// [`isohost`] with more environment variables set.
fn isohost_with(snapshot: bool, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_isohost"));
    command
        .args(args)
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if snapshot {
        command.env_remove("ISOHOST_NO_SNAPSHOT");
    } else {
        command.env("ISOHOST_NO_SNAPSHOT", "1");
    }
    let out = command.output().expect("runs isohost");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every own property (in order, with its kind of descriptor) of a window,
/// a same-origin frame, a dedicated and a shared worker, along their
/// prototype chains and on each interface prototype, is the same with the
/// snapshot as without.
#[test]
fn realms_look_the_same_with_and_without_the_snapshot() {
    for extra in [None, Some("--cross-origin-isolated")] {
        let mut args = vec!["open", "pages/a.test/snapshot/globals.html", "--seed", "1"];
        args.extend(extra);
        let (code, with, err) = isohost(true, &args);
        assert_eq!(code, 0, "{err}");
        for part in ["window:", "frame:", "worker:", "shared worker:"] {
            assert!(
                with.contains(&format!("log] {part}")),
                "the page described its {part}\n{with}"
            );
        }
        assert!(with.contains("global^0 [object Window]"), "{with}");
        assert!(
            with.contains("[object DedicatedWorkerGlobalScope]"),
            "{with}"
        );
        let (code, without, err) = isohost(false, &args);
        assert_eq!(code, 0, "{err}");
        if with != without {
            let (a, b) = with
                .lines()
                .zip(without.lines())
                .find(|(a, b)| a != b)
                .unwrap_or_default();
            let at = a
                .bytes()
                .zip(b.bytes())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            let around = |s: &str| {
                s.get(at.saturating_sub(200)..(at + 200).min(s.len()))
                    .unwrap_or(s)
                    .to_string()
            };
            panic!(
                "{args:?}: realms differ\nwith the snapshot:    …{}…\nwithout the snapshot: …{}…",
                around(a),
                around(b)
            );
        }
    }
}

/// The fixture pages (what `tests/testharness_pages.rs` runs, each on
/// its own) all pass without the snapshot, with as many subtests as with it.
#[test]
fn the_fixture_pages_pass_with_and_without_the_snapshot() {
    let mut lasts = Vec::new();
    for snapshot in [false, true] {
        let (code, out, err) = isohost(snapshot, &["test", "pages", "--jobs", "2"]);
        let last = out.lines().last().unwrap_or_default().to_string();
        assert_eq!(code, 0, "snapshot {snapshot}:\n{out}\n{err}");
        assert!(last.ends_with(" passed, 0 failed"), "{last}\n{out}");
        let passed: u32 = last
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(passed > 400, "{last}");
        lasts.push(last);
    }
    assert_eq!(
        lasts[0], lasts[1],
        "as many subtests with the snapshot as without"
    );
}

/// The third tab of a process comes from the warm snapshot, made once the
/// second tab had loaded its page, with the bytecode it compiled: its realms
/// (window and frame) look the same as the first tab's, which came from the
/// cold snapshot (in this test binary nothing else opens a tab in-process),
/// and its workers the same too.
#[test]
fn realms_from_the_warm_snapshot_look_the_same() {
    if std::env::var_os("ISOHOST_NO_SNAPSHOT").is_some_and(|v| !v.is_empty() && v != "0") {
        eprintln!("skipped: ISOHOST_NO_SNAPSHOT is set");
        return;
    }
    let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/pages");
    let host = isohost::Host::new(isohost::HostOptions::new(pages)).expect("a host");
    let mut said = Vec::new();
    for _ in 0..3 {
        let tab = host
            .open_tab("http://a.test/snapshot/globals.html")
            .expect("opens");
        assert!(host.wait_idle(Some(std::time::Duration::from_secs(120))));
        let texts: Vec<String> = tab.console().into_iter().map(|m| m.text).collect();
        assert!(
            texts.iter().any(|t| t.starts_with("shared worker:")),
            "the page described every realm: {texts:?}"
        );
        said.push(texts);
    }
    assert!(host.errors().is_empty(), "{:?}", host.errors());
    assert_eq!(said[0], said[1]);
    assert_eq!(said[0], said[2]);
}

/// A realm comes from the snapshot with every eager interface's
/// constructor and prototype fast (`webidl.js`'s `readConstructor` at the
/// end of the set-up: V8 makes an object a dictionary when it becomes a
/// prototype, fast again only at a lookup through it that has feedback).
/// Left dictionaries, every realm would carry them and make them fast
/// again at run time (≈7 KiB an extra frame; no other test would see it).
/// V8 answers through `%HasFastProperties`, in five tabs one after another
/// in one process: the first from the cold snapshot, the last ones from the
/// warm one, made once the second had loaded its page.
#[test]
fn interface_objects_are_fast_in_a_new_realm() {
    let (code, out, err) = isohost_with(
        true,
        &[("ISOHOST_V8_FLAGS", "--allow-natives-syntax")],
        &[
            "test",
            "--root",
            "tests/fixtures",
            "--jobs",
            "1",
            "--repeat-each",
            "5",
            "tests/fixtures/s.test/fast-prototypes.html",
        ],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(out.lines().last(), Some("5 passed, 0 failed"), "{out}");
}
