//! The virtual clock and seeded randomness through the library: the clock
//! start and the seed make a run replayable, the time budget is inclusive,
//! and the clock can be paused, advanced and set from Rust.

mod common;

use std::time::{Duration, SystemTime};

use common::{console_lines, host_with};
use isohost::ErrorKind;

const START_MS: u64 = 1_000_000_000_000;

fn start() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_millis(START_MS)
}

fn idle(host: &isohost::Host) {
    assert!(host.wait_idle(Some(Duration::from_secs(60))), "became idle");
}

#[test]
fn date_now_starts_at_the_clock_start_and_timers_move_it() {
    let host = host_with(|o| o.clock_start = Some(start()));
    let tab = host.open("http://a.test/clock/timers.html").expect("opens");
    idle(&host);
    assert_eq!(
        console_lines(&host, tab.main_frame),
        [
            format!("start {START_MS}"),
            "timer 100 ms at 100".into(),
            "timer 1000 ms at 1000".into(),
            "timer 5000 ms at 5000".into(),
        ]
    );
    assert_eq!(host.clock_start(), start());
    let now = host
        .evaluate(tab.main_frame, "Date.now()")
        .expect("evaluates")
        .as_f64()
        .expect("a number");
    assert_eq!(
        now,
        (START_MS + 5000) as f64,
        "the clock stands at the last timer"
    );
}

#[test]
fn a_paused_clock_fires_timers_only_as_it_is_advanced() {
    let host = host_with(|o| {
        o.clock_start = Some(start());
        o.clock_paused = true;
    });
    let tab = host.open("http://a.test/clock/timers.html").expect("opens");
    idle(&host);
    let lines = || console_lines(&host, tab.main_frame);
    assert_eq!(
        lines(),
        [format!("start {START_MS}")],
        "loaded, no timer yet"
    );
    let clock = host.clock(&tab).expect("the tab's clock");
    assert_eq!(
        clock.now(),
        Duration::ZERO,
        "a paused clock does not even step"
    );

    clock
        .advance(Duration::from_millis(1000))
        .expect("advances");
    assert_eq!(
        lines()[1..],
        ["timer 100 ms at 100", "timer 1000 ms at 1000"],
        "the timers due by then, in order"
    );
    // Where the advance ends, or the few clock steps past it that the timer
    // due at its very end took.
    let at = clock.now();
    assert!(
        at >= Duration::from_millis(1000) && at < Duration::from_millis(1001),
        "{at:?}"
    );

    clock
        .advance(Duration::from_millis(3000))
        .expect("advances");
    assert_eq!(lines().len(), 3, "nothing due between 1 s and 4 s");
    assert_eq!(clock.now(), at + Duration::from_millis(3000));

    clock.run_until_idle().expect("runs");
    assert_eq!(lines()[3], "timer 5000 ms at 5000");
    let now = clock.now();
    assert!(
        now >= Duration::from_millis(5000) && now < Duration::from_millis(5001),
        "{now:?}"
    );

    // Setting the time moves Date.now() only.
    let noon = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    clock.set_time(noon).expect("sets");
    assert_eq!(clock.time(), noon);
    let date = host
        .evaluate(tab.main_frame, "Date.now()")
        .expect("evaluates");
    assert_eq!(date, serde_json::json!(1_700_000_000_000u64));
    assert_eq!(clock.now(), now, "timers' clock unmoved");

    // Still paused: a new timer waits; resumed, the clock jumps to it.
    host.evaluate(
        tab.main_frame,
        "setTimeout(() => console.log('after resume'), 2000); 0",
    )
    .expect("evaluates");
    idle(&host);
    assert_eq!(lines().len(), 4);
    clock.resume().expect("resumes");
    idle(&host);
    assert_eq!(lines()[4], "after resume");
}

#[test]
fn pausing_a_running_clock_stops_its_jumps() {
    let host = host_with(|_| {});
    let tab = host.open("http://a.test/hello.html").expect("opens");
    idle(&host);
    let clock = host.clock(&tab).expect("the tab's clock");
    clock.pause().expect("pauses");
    host.evaluate(
        tab.main_frame,
        "setTimeout(() => console.log('one second later'), 1000); 0",
    )
    .expect("evaluates");
    idle(&host);
    assert!(
        !console_lines(&host, tab.main_frame).contains(&"one second later".to_string()),
        "the timer waits for the clock"
    );
    clock.advance(Duration::from_secs(1)).expect("advances");
    assert!(console_lines(&host, tab.main_frame).contains(&"one second later".to_string()));
}

#[test]
fn clock_control_needs_virtual_time() {
    let host = host_with(|o| o.virtual_time = false);
    let tab = host.open("http://a.test/hello.html").expect("opens");
    idle(&host);
    let clock = host.clock(&tab).expect("the tab's clock");
    let err = clock.pause().expect_err("real time cannot pause");
    assert!(matches!(err.kind(), ErrorKind::ClockControl(_)), "{err}");
    assert!(err.to_string().contains("--real-time"), "{err}");
    // Setting the wall clock works on the real clock too.
    clock.set_time(start()).expect("sets");
    let date = host
        .evaluate(tab.main_frame, "Date.now()")
        .expect("evaluates")
        .as_f64()
        .expect("a number");
    assert!(
        date >= START_MS as f64 && date < (START_MS + 60_000) as f64,
        "{date}"
    );
}

#[test]
fn a_timer_due_exactly_at_the_budget_fires_and_one_past_it_is_cut() {
    let host = host_with(|o| o.time_budget = Duration::from_secs(1));
    let tab = host.open("http://a.test/clock/budget.html").expect("opens");
    idle(&host);
    assert_eq!(console_lines(&host, tab.main_frame), ["due at the budget"]);
    assert!(host.budget_exhausted());
    assert_eq!(host.budget_cut_frames(), [tab.main_frame]);
}

/// The page's and its frame's Math.random numbers.
fn random_numbers(seed: u64) -> Vec<String> {
    let host = host_with(|o| o.seed = Some(seed));
    host.open("http://a.test/clock/random.html").expect("opens");
    idle(&host);
    assert_eq!(host.seed(), seed);
    host.console().into_iter().map(|m| m.text).collect()
}

#[test]
fn math_random_repeats_with_the_seed_and_differs_between_realms_and_seeds() {
    let first = random_numbers(42);
    assert_eq!(first.len(), 2, "{first:?}");
    let number = |line: &str, i: usize| -> f64 {
        line.split(' ')
            .nth(i + 1)
            .and_then(|n| n.parse().ok())
            .expect("a number")
    };
    let (main, frame) = (&first[0], &first[1]);
    assert!(main.starts_with("main ") && frame.starts_with("frame "));
    for line in [main, frame] {
        let (a, b) = (number(line, 0), number(line, 1));
        assert!((0.0..1.0).contains(&a) && (0.0..1.0).contains(&b) && a != b);
    }
    assert_ne!(
        number(main, 0),
        number(frame, 0),
        "each realm its own stream"
    );
    assert_eq!(random_numbers(42), first, "the same seed, the same numbers");
    assert_ne!(random_numbers(43), first, "another seed, other numbers");
}

#[test]
fn without_a_seed_a_random_one_is_drawn_and_reported() {
    let a = host_with(|_| {});
    let b = host_with(|_| {});
    assert_ne!(a.seed(), b.seed());
    let now = SystemTime::now();
    let started = a.clock_start();
    assert!(
        started <= now && now.duration_since(started).unwrap_or_default() < Duration::from_secs(60),
        "the clock starts at the wall clock"
    );
}
