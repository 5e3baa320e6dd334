//! Running `isohost` on hostile input: each case in a child process with a
//! wall-time limit and an address-space limit (`setrlimit(RLIMIT_AS)` in
//! `pre_exec`), its peak RSS read back with `wait4`, and the user-visible
//! outcome checked: no death by signal, no panic or V8 fatal text, no hang,
//! and no byte of the secret planted outside the root in any output.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// What a child may map: V8 reserves address space generously, and the
/// heap limit of one agent (1 GiB) must be reachable before this is.
pub const ADDRESS_SPACE: u64 = 3 << 30;

/// The default wall time of one case: generous on a loaded 2-core machine,
/// far below "hung".
pub const WALL: Duration = Duration::from_secs(40);

/// The planted secret: it lives outside every root, and no output may
/// ever contain it.
pub const SECRET: &str = "SECRET-7f3a9c1e-never-served";

/// A fixture root in a temporary directory, with `secret.txt` (holding
/// [`SECRET`]) beside the root, outside it.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("isohost-hostile-")
            .tempdir()
            .expect("temp dir");
        std::fs::create_dir_all(dir.path().join("root/a.test")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("root/b.test")).expect("mkdir");
        // Outside the root, and loud if it were ever run as a script.
        std::fs::write(
            dir.path().join("secret.txt"),
            format!("console.log('{SECRET}'); self.postMessage?.('{SECRET}');"),
        )
        .expect("secret");
        std::fs::create_dir_all(dir.path().join("outside")).expect("mkdir");
        std::fs::write(
            dir.path().join("outside/page.html"),
            format!("<p>{SECRET}</p><script>console.log('{SECRET}')</script>"),
        )
        .expect("outside page");
        Fixture { dir }
    }

    pub fn base(&self) -> &Path {
        self.dir.path()
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("root")
    }

    /// Writes `ROOT/<rel>` (creating directories).
    pub fn write(&self, rel: &str, body: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, body).expect("write");
        path
    }

    pub fn symlink(&self, target: impl AsRef<Path>, rel: &str) -> PathBuf {
        let link = self.root().join(rel);
        std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(target, &link).expect("symlink");
        link
    }

    pub fn fifo(&self, rel: &str) -> PathBuf {
        let path = self.root().join(rel);
        mkfifo(&path);
        path
    }

    /// Runs `isohost args... --root ROOT` (the root goes last, so that a
    /// case can put its own flags first).
    pub fn isohost(&self, args: &[&str]) -> Run {
        self.isohost_with(args, WALL)
    }

    pub fn isohost_with(&self, args: &[&str], wall: Duration) -> Run {
        self.isohost_within(args, wall, ADDRESS_SPACE)
    }

    pub fn isohost_within(&self, args: &[&str], wall: Duration, address_space: u64) -> Run {
        let root = self.root();
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--root", root.to_str().expect("utf-8 temp path")]);
        run(&all, wall, address_space)
    }
}

pub fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// What one run of `isohost` did.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// The child's peak resident set, in KiB (`ru_maxrss`).
    pub peak_rss_kib: u64,
    /// Still running at the wall-time limit (then killed).
    pub hung: bool,
}

/// Runs the isohost binary with `args`, at most `wall`, within `address_space` bytes.
pub fn run(args: &[&str], wall: Duration, address_space: u64) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_isohost"));
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0");
    // SAFETY: only async-signal-safe calls (setrlimit) between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: address_space,
                rlim_max: address_space,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("isohost starts");
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let (status, peak_rss_kib, hung) = wait(&mut child, wall);
    Run {
        args: args.iter().map(|s| s.to_string()).collect(),
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        elapsed: started.elapsed(),
        peak_rss_kib,
        hung,
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Waits for `child` with `wait4` (for its rusage), killing it (by its own
/// pid) at `wall`.
fn wait(child: &mut Child, wall: Duration) -> (Option<ExitStatus>, u64, bool) {
    let pid = child.id() as libc::pid_t;
    let deadline = Instant::now() + wall;
    let mut hung = false;
    loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid out-value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: valid out-pointers; `pid` is our own child.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            return (
                Some(ExitStatus::from_raw(status)),
                usage.ru_maxrss.max(0) as u64,
                hung,
            );
        }
        if r < 0 {
            return (None, 0, hung);
        }
        if !hung && Instant::now() >= deadline {
            hung = true;
            let _ = child.kill();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

impl Run {
    pub fn output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    pub fn code(&self) -> Option<i32> {
        self.status.and_then(|s| s.code())
    }

    /// One line for the suite's summary (`--nocapture` shows them).
    pub fn summary(&self, case: &str) -> String {
        format!(
            "hostile: {case}: exit {:?} signal {:?} hung {} {:.2} s peak RSS {} MiB",
            self.code(),
            self.status.and_then(|s| s.signal()),
            self.hung,
            self.elapsed.as_secs_f64(),
            self.peak_rss_kib / 1024
        )
    }

    /// The host was not hurt: it ended by itself, not by a signal, without
    /// panic or V8 fatal text, and printed nothing of the secret.
    pub fn contained(&self, case: &str) -> &Self {
        eprintln!("{}", self.summary(case));
        let out = self.output();
        let context = || format!("{case}: isohost {:?}\n{}", self.args, tail(&out));
        assert!(!self.hung, "hung (killed after {:?}): {}", WALL, context());
        let status = self
            .status
            .unwrap_or_else(|| panic!("no status: {}", context()));
        assert_eq!(status.signal(), None, "killed by a signal: {}", context());
        for fatal in [
            "panicked at",
            "RUST_BACKTRACE",
            "Check failed",
            "Fatal error",
            "Fatal process out of memory",
            "internal error:",
            "isohost bug",
        ] {
            assert!(
                !out.contains(fatal),
                "'{fatal}' in the output: {}",
                context()
            );
        }
        assert!(!out.contains(SECRET), "the secret leaked: {}", context());
        self
    }

    /// Exit status `code`.
    pub fn exits(&self, code: i32) -> &Self {
        assert_eq!(
            self.code(),
            Some(code),
            "isohost {:?}\n{}",
            self.args,
            tail(&self.output())
        );
        self
    }

    /// The output says `text` (somewhere).
    pub fn says(&self, text: &str) -> &Self {
        assert!(
            self.output().contains(text),
            "'{text}' not in the output of isohost {:?}:\n{}",
            self.args,
            tail(&self.output())
        );
        self
    }

    pub fn never_says(&self, text: &str) -> &Self {
        assert!(
            !self.output().contains(text),
            "'{text}' in the output of isohost {:?}:\n{}",
            self.args,
            tail(&self.output())
        );
        self
    }

    /// `open --format json`'s object.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}) from isohost {:?}:\n{}",
                self.args,
                tail(&self.output())
            )
        })
    }

    /// `errors[].message` of `open --format json`.
    pub fn error_messages(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["message"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `console[].text` of `open --format json`.
    pub fn console(&self) -> Vec<String> {
        self.json()["console"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["text"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn tail(text: &str) -> String {
    let start = text.len().saturating_sub(4000);
    let start = (start..text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    text[start..].to_string()
}
