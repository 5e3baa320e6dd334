//! Spare tabs: isolates made ahead of the tabs that will use them, so that
//! opening a tab leaves only its realm and its page on the critical path
//! (issue 15). Making an isolate from the start-up snapshot, with its
//! templates, is about half of a small page's CPU.
//!
//! A host that has opened a tab expects more (`HostOptions::spare_tabs`):
//! each `open` takes a waiting spare, if one fits, and has the next made
//! on a thread of its own, in parallel with the page loading. Spares are
//! the process's, shared by its hosts (a test runner gives every file a
//! host of its own), and hold nothing of any host: a thread, an isolate of
//! the tab kind and its templates. Everything a page can observe (agent
//! id, clock group and its start, seeds, security tokens, memory account)
//! is given when a spare is claimed, exactly as to a tab made on the spot,
//! so pages see the same either way (`tests/determinism.rs`).
//!
//! Tabs opened back to back (each as soon as the previous is idle) go at
//! the pace of the spares' isolates: isolates are made one at a time
//! (`v8::reserving_address_space`), so the next spare's is begun once the
//! tab just opened has its own, and is made (`I`, ≈7.4 M instructions,
//! and most of a tab's page faults) while that tab makes its realm and
//! loads its page (`C + W`, ≈6.4 M): a tab takes about `max(I, C + W)` =
//! `I`, whatever the pool's size. Only a cheaper isolate makes that
//! shorter. Letting the next spare begin at once, beside the claimed
//! one's, made it no shorter: each tab then leaves the next spare as far
//! along as it was slow, and tabs alternate between slow and fast.
//! Nor did making isolates in parallel (the lock taken only under an
//! address-space limit), though V8 does not serialize inside
//! `Isolate::New` (a `sched_switch` profile found its threads blocked 9
//! times there, 8 on the kernel's mmap lock, and preempted 72 times):
//! tabs alternated between ≈0.5 ms and ≈2.2 ms, back to back 1.63–1.73×
//! → 2.06–2.69× the floor (3 quiet runs each), `pages-live 200` 517 →
//! 507 pages/s. Two or three spares kept made it 1.72–2.05×. Pacing the
//! spares instead (each one's isolate begun a fraction of the last one's
//! time after the previous one's: a pipeline that shares two cores
//! evenly on paper, ≈1.2× the floor) gave runs of even tabs, but any
//! disturbance set them alternating again for a while: over 4 runs each
//! beside other work, a fraction of 0.7 gave 1.61–1.79×, 0.8 1.44–1.93×,
//! 0.9 1.55–1.81×, 1.0 1.93–2.25×, and main 1.54–1.68×.
//! Touching 512 KiB of malloc memory on the spare's thread before its
//! isolate (so that V8's own allocations find it faulted in) took 78 of
//! the ≈227 page faults off `Isolate::New` (3–4 % of its CPU), but made
//! back to back no shorter (median 1.63× → 1.67× over 12 runs each): the
//! faults then ran beside the claimed spare's isolate, on the other core.
//! `I` is the bindings' part of the start-up snapshot: V8 reads every
//! object of the snapshot's isolate part, ≈460 instructions each, so only
//! fewer objects make it cheaper. Per isolate (callgrind, `compare-isohost
//! open-idle 40`, warm snapshot; raw V8's in parentheses): the builtins' code
//! objects 1.69 M (1.73 M); the bindings' functions, reached through the
//! script list (≈820 more `SharedFunctionInfo`s, 630 of them never
//! compiled, ≈200 scopes, the bytecode of the ≈120 functions the set-up
//! and the first page ran) 1.86 M (0.13 M); the start-up object cache
//! 1.33 M (0.64 M): the names of accessors (`get onclick`) and the names
//! V8 infers for anonymous functions (`hooks.fireTimer`), ≈660 strings,
//! and the lazy globals' ≈150 accessor records, each with three `Foreign`s;
//! the internalized strings, 1.84 M (0.63 M): ≈1,800 of them, read and
//! then inserted into the isolate's string table one by one, under its
//! lock. Not rehashed: the blobs are marked not rehashable (see the glue's
//! `MarkNotRehashable`), so a fixed `--hash-seed` would save nothing. The
//! event handlers' accessors of Document and Window share HTMLElement's
//! names (`makeEventHandlers`): 396 fewer strings, 7.44 → 7.26 M. Naming
//! the files' functions in the bindings script costs 59 strings (14 k
//! instructions: they stay, for stack traces through the set-up); the
//! bytecode the snapshot keeps, ≈0.1 M (`FunctionCodeHandling::kClear`
//! took only that off, see `templates::harvest`).
//!
//! Measuring `I`: the mean of `--toggle-collect` over the 41 calls mixes in
//! the 2–4 isolates made from the cold snapshot (≈0.3 M dearer each, and
//! how many varies with timing), and the process's random hash seed moves
//! the string table's probes (±20 k): the median of the calls
//! (`--dump-after=v8__Isolate__New`, one profile per call) with
//! `ISOHOST_V8_FLAGS=--hash-seed=4660` repeats to 1 k. So measured, main
//! at `ea826eb` took 7.216 M (7.188 M with seed 99991); `V8
//! --serialization-statistics` counts the blob's objects by type, and
//! `--trace-serializer` lists each (a string's text, a function's name).
//! The event handlers' accessors take their event type from the name they
//! capture on each call instead of a string made ahead per name (≈126
//! strings, 21 of them sliced), and the templates' class names are
//! internalized (7.216 → 7.161 M); the DOM-changing
//! ops `js/node.js` wraps are served only as `unwrapped:` + name
//! (`ops::call::WRAPPED_OPS`), so that defining a wrapper no longer makes
//! the op, and the 8 pages seldom call are read on first call (8 function
//! templates, call handlers and function infos and 16 `Foreign`s fewer:
//! 7.161 → 7.139 M; 0.28 KiB less heap per script frame). Internalized
//! strings cost ≈700 instructions each (read, then inserted one at a time
//! under the table's mutex), 1.5× other objects: 2,523 now (700 read-only),
//! and the table, grown to 4,096 slots, grows again past 2,730 (≈+40 k).
//! Not done: the lazy globals' accessor records (≈150 × 4 objects, ≈0.28
//! M) are V8's `AccessorInfo`s, one per property whichever API makes them
//! (`Object`'s or `Template`'s `SetLazyDataProperty`), each with three new
//! `Foreign`s (the getter, the `ReconfigureToDataProperty` setter, the
//! redirected getter); `SetAccessor` with no setter has two, but then a
//! page's write to the global is dropped. The inferred names of anonymous
//! functions (`hooks.fireTimer`: a cons string and its `.fireTimer`, for
//! ~50 functions) are what pages see in stack traces (a timer callback's
//! `new Error().stack` ends `at hooks.fireTimer (isohost:window-bindings.js:…)`;
//! a named function prints `at fireTimer`). Flattening the 13 event handler
//! names V8 makes as cons strings (`get oncontextrestored`) saved ≈5 k but,
//! on the window's own accessors, cost 378 B of heap per script frame (their
//! maps changed). Storing an op's wrapper by assignment rather than
//! `defineProperty` still had V8 read the interceptor's property first.
//! Not keeping on the ops object the op the set-up reads without a
//! wrapper (`webidlDefineLazyGlobals`) made things worse: each of its 18
//! reads made a template of its own (no agent), whose function the
//! context's template cache kept (7.139 → 7.192 M, 0.57 KiB more per
//! script frame).
//!
//! Bounded: at most [`MAX_SPARES`] wait, each holding its isolate and
//! thread (about 272 MiB of address space, ~2 MiB of memory as
//! PSS) until it is claimed or the process ends. When the address space runs short they are let go
//! before a worker is refused ([`room_for_another_isolate`]).

use std::sync::mpsc;
use std::sync::{Mutex, PoisonError};
use std::thread::JoinHandle;

use super::agent::Prepared;
use crate::error::Result;
use crate::runtime::host::start_thread;
use crate::runtime::report::IsolateKind;

/// What a claimed spare's thread runs, with its isolate (`None` if it
/// could not be made).
pub(crate) type Claim = Box<dyn FnOnce(Option<Prepared>) + Send>;

/// The most spares that wait at once, all hosts together.
pub const MAX_SPARES: usize = 4;

/// A thread with an isolate made (or being made), waiting for its tab.
struct Spare {
    /// The heap cap its isolate was made with (`HostOptions::heap_limit_mb`).
    heap_limit_mb: usize,
    claim: mpsc::Sender<Claim>,
    thread: JoinHandle<()>,
}

static SPARES: Mutex<Vec<Spare>> = Mutex::new(Vec::new());

/// Threads of spares let go, ending (joined by the next refill, or at exit).
static LET_GO: Mutex<Vec<JoinHandle<()>>> = Mutex::new(Vec::new());

fn spares() -> std::sync::MutexGuard<'static, Vec<Spare>> {
    SPARES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Hands `run` to a waiting spare whose isolate has a heap cap of
/// `heap_limit_mb`, and returns its thread (the claimer's to join); gives
/// `run` back when none waits.
pub(crate) fn claim(
    heap_limit_mb: usize,
    mut run: Claim,
) -> std::result::Result<JoinHandle<()>, Claim> {
    loop {
        let spare = {
            let mut spares = spares();
            let Some(at) = spares.iter().position(|s| s.heap_limit_mb == heap_limit_mb) else {
                return Err(run);
            };
            spares.remove(at)
        };
        match spare.claim.send(run) {
            Ok(()) => return Ok(spare.thread),
            // Its thread is gone (it panicked): the next one, if any.
            Err(mpsc::SendError(back)) => run = back,
        }
    }
}

/// Has spares made, on threads of their own, until `want` (at most
/// [`MAX_SPARES`]) with a heap cap of `heap_limit_mb` wait. Spares of
/// another cap make room if need be.
pub(crate) fn refill(heap_limit_mb: usize, want: usize) -> Result<()> {
    static AT_EXIT: std::sync::Once = std::sync::Once::new();
    AT_EXIT.call_once(|| {
        crate::v8::isolate::at_exit(release_at_exit);
    });
    let want = want.min(MAX_SPARES);
    let mut spares = spares();
    let mut have = spares
        .iter()
        .filter(|s| s.heap_limit_mb == heap_limit_mb)
        .count();
    while have < want {
        if spares.len() >= MAX_SPARES
            && let Some(at) = spares.iter().position(|s| s.heap_limit_mb != heap_limit_mb)
        {
            // Its thread sees the channel close and ends, isolate and all.
            let Spare { thread, .. } = spares.remove(at);
            let mut let_go = LET_GO.lock().unwrap_or_else(PoisonError::into_inner);
            let (ended, ending): (Vec<_>, Vec<_>) =
                let_go.drain(..).partition(JoinHandle::is_finished);
            *let_go = ending;
            let_go.push(thread);
            for thread in ended {
                let _ = thread.join();
            }
        }
        let (claim, claims) = mpsc::channel::<Claim>();
        let thread = start_thread("isohost-tab".into(), move || {
            wait_for_claim(heap_limit_mb, &claims);
        })?;
        spares.push(Spare {
            heap_limit_mb,
            claim,
            thread,
        });
        have += 1;
    }
    Ok(())
}

/// A spare's thread: make the isolate, then, unless the tab is already
/// waiting for it, its first context (tabs opened back to back so share
/// the work between the tab's thread and the next spare's, each core
/// doing about half), then wait for the tab (or for the pool to let it
/// go).
fn wait_for_claim(heap_limit_mb: usize, claims: &mpsc::Receiver<Claim>) {
    let made = std::panic::catch_unwind(|| Prepared::new(IsolateKind::Tab, heap_limit_mb));
    // A claim may already be on its way: it gets no isolate, and makes its
    // own (reporting why if it cannot).
    let mut prepared = made.ok().flatten();
    let run = match claims.try_recv() {
        Ok(run) => Some(run),
        Err(mpsc::TryRecvError::Empty) => {
            if let Some(p) = prepared.as_mut() {
                let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    p.make_first_context()
                }));
                if made.is_err() {
                    prepared = None;
                }
            }
            claims.recv().ok()
        }
        Err(mpsc::TryRecvError::Disconnected) => None,
    };
    if let Some(run) = run {
        run(prepared);
    }
}

/// Lets every waiting spare go and waits until their isolates are gone.
pub(crate) fn release_all() {
    let released: Vec<Spare> = spares().drain(..).collect();
    let mut threads: Vec<JoinHandle<()>> = released
        .into_iter()
        .map(|Spare { thread, .. }| thread)
        .collect();
    threads.append(&mut LET_GO.lock().unwrap_or_else(PoisonError::into_inner));
    for thread in threads {
        let _ = thread.join();
    }
}

/// At exit: a spare may still be making its isolate, inside V8, which
/// must not be while V8's static destructors run. Cannot unwind: the lock
/// never fails and what the threads ended with is ignored.
extern "C" fn release_at_exit() {
    release_all();
}

/// Whether another isolate, with a thread of its own, fits in the
/// process's address space (`v8::room_for_another_isolate`), once the
/// spares have been let go if that is what it takes: a spare must never
/// be why a page's worker is refused.
pub(crate) fn room_for_another_isolate() -> bool {
    crate::v8::room_for_another_isolate() || {
        release_all();
        crate::v8::room_for_another_isolate()
    }
}
