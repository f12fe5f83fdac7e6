//! Differential testing of the coroutine rewrite.
//!
//! A build script turns seeds into programs (see [`generator`]); the tests run each program as a
//! `#[coro::coroutine]` and as an oracle (a plain function, or rustc's own coroutine in the
//! separate `rustc-oracle` crate) and compare their traces with [`compare`]. This library is
//! what the generated code calls: the drop-logging value [`D`], the helper functions, the log,
//! and the drivers that turn a run into a [`Trace`].

// A test harness that is never published: its items are documented where they are not obvious.
#![allow(missing_docs, clippy::must_use_candidate)]

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Debug};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;

use coro::{Coroutine, CoroutineState};

pub mod generator;

/// One observable event of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ev {
    /// A `D` was created: its instance number and its site in the text.
    New { inst: u32, site: u32 },
    /// A `D` was read or written.
    Touch(u32),
    /// A `D` was dropped.
    Drop(u32),
    /// The coroutine yielded.
    Yield(i64),
    /// The coroutine completed with this (`Debug`-printed) value.
    Complete(String),
    /// A panic escaped the step; the text says whether it was the planted one.
    Panic(String),
}

thread_local! {
    static LOG: RefCell<Vec<Ev>> = const { RefCell::new(Vec::new()) };
    static NEXT_INST: Cell<u32> = const { Cell::new(0) };
    static TOUCHES: Cell<u64> = const { Cell::new(0) };
    static PANIC_AT: Cell<u64> = const { Cell::new(u64::MAX) };
}

fn log(ev: Ev) {
    LOG.with(|l| l.borrow_mut().push(ev));
}

/// Starts a run: an empty log, instance numbers from 0, a planted panic at the `panic_at`-th
/// touch (counting from 0; `None` for no panic).
pub fn reset(panic_at: Option<u64>) {
    LOG.with(|l| l.borrow_mut().clear());
    NEXT_INST.with(|n| n.set(0));
    TOUCHES.with(|t| t.set(0));
    PANIC_AT.with(|p| p.set(panic_at.unwrap_or(u64::MAX)));
}

fn take_log() -> Vec<Ev> {
    LOG.with(|l| std::mem::take(&mut *l.borrow_mut()))
}

/// How many touches the last run made (to plant a panic at each of them).
pub fn touches() -> u64 {
    TOUCHES.with(Cell::get)
}

fn touch(inst: u32) {
    log(Ev::Touch(inst));
    let n = TOUCHES.with(|t| {
        let n = t.get();
        t.set(n + 1);
        n
    });
    if n == PANIC_AT.with(Cell::get) {
        std::panic::panic_any(Planted);
    }
}

/// The payload of the planted panic.
#[derive(Debug)]
pub struct Planted;

/// A value that logs its creation, every use and its drop.
pub struct D {
    inst: u32,
    v: i64,
}

impl D {
    pub fn new(site: u32, v: i64) -> D {
        let inst = NEXT_INST.with(|n| {
            let i = n.get();
            n.set(i + 1);
            i
        });
        log(Ev::New { inst, site });
        D { inst, v }
    }

    pub fn get(&self) -> i64 {
        touch(self.inst);
        self.v
    }

    pub fn set(&mut self, v: i64) {
        touch(self.inst);
        self.v = v;
    }
}

impl Drop for D {
    fn drop(&mut self) {
        log(Ev::Drop(self.inst));
    }
}

/// Moves a `D` in and drops it, giving its value.
pub fn consume(d: D) -> i64 {
    d.get()
}

/// A pure mixing function for call-argument positions.
pub fn mix(a: i64, b: i64) -> i64 {
    a.wrapping_mul(31).wrapping_add(b) % 1000
}

/// `Err` for some values: what `?` on a `Result` meets.
pub fn chk(v: i64) -> Result<i64, i64> {
    if v.rem_euclid(7) == 5 { Err(v) } else { Ok(v) }
}

/// `None` for some values: what `?` on an `Option` meets.
pub fn opt(v: i64) -> Option<i64> {
    if v.rem_euclid(6) == 4 {
        None
    } else {
        Some(v % 100)
    }
}

/// The step of a bounded `while let`: `Some(v)` while the counter is below `k`.
pub fn nxt(v: i64, c: &mut i64, k: i64) -> Option<i64> {
    if *c < k {
        *c += 1;
        Some(v)
    } else {
        None
    }
}

/// The resume values sent in: value `k` is sent with the `k`-th resume (`0` binds `r0`).
#[derive(Clone, Copy, Debug)]
pub struct Script(pub u64);

impl Script {
    /// The scripts every program runs under: all zeros, a short cycle, and two pseudo-random.
    pub const ALL: [Script; 4] = [Script(0), Script(1), Script(2), Script(3)];

    pub fn value(self, k: usize) -> i64 {
        let k = k as u64;
        match self.0 {
            0 => 0,
            1 => (k % 4).cast_signed(),
            n => {
                let mut rng = generator::Rng::new(n.wrapping_mul(1_000_003).wrapping_add(k));
                rng.range(-4, 9)
            }
        }
    }
}

/// Runs of a program that never end: a guard against a lowering that loops forever.
pub const MAX_STEPS: usize = 100_000;

/// The context of an oracle-1 run: the plain function's `yield_!` records the value and
/// returns the next scripted resume value.
pub struct Ctx {
    script: Script,
    k: usize,
}

impl Ctx {
    pub fn new(script: Script) -> Self {
        Ctx { script, k: 0 }
    }

    /// The first resume value (what `r0` binds).
    pub fn first(&self) -> i64 {
        self.script.value(0)
    }

    pub fn yield_(&mut self, v: i64) -> i64 {
        log(Ev::Yield(v));
        self.k += 1;
        assert!(self.k < MAX_STEPS, "the plain function does not terminate");
        self.script.value(self.k)
    }
}

/// What a run logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace(pub Vec<Ev>);

/// How a run ends.
#[derive(Clone, Copy, Debug)]
pub enum Stop {
    /// Resume until the coroutine completes.
    Complete,
    /// Drop the coroutine while it is suspended at its `n`-th yield (from 0).
    DropAt(usize),
    /// Plant a panic at the `n`-th touch; then resume once more (it must panic as poisoned)
    /// and drop the coroutine.
    PanicAt(u64),
}

/// Runs the plain function of a program under a script.
pub fn run_plain<T: Debug>(script: Script, f: impl FnOnce(&mut Ctx) -> T) -> Trace {
    reset(None);
    let mut ctx = Ctx::new(script);
    let ret = f(&mut ctx);
    log(Ev::Complete(format!("{ret:?}")));
    Trace(take_log())
}

/// Runs a coroutine (ours or rustc's, through `resume`) under a script until `stop`.
pub fn run_coroutine<G, T>(
    script: Script,
    stop: Stop,
    make: impl FnOnce() -> G,
    mut resume: impl FnMut(Pin<&mut G>, i64) -> CoroutineState<i64, T>,
) -> Trace
where
    T: Debug,
{
    reset(match stop {
        Stop::PanicAt(n) => Some(n),
        _ => None,
    });
    let mut g = Box::pin(make());
    let mut k = 0;
    loop {
        if let Stop::DropAt(n) = stop
            && k == n + 1
        {
            break;
        }
        let arg = script.value(k);
        let outcome = catch_unwind(AssertUnwindSafe(|| resume(g.as_mut(), arg)));
        k += 1;
        match outcome {
            Ok(CoroutineState::Yielded(v)) => log(Ev::Yield(v)),
            Ok(CoroutineState::Complete(v)) => {
                log(Ev::Complete(format!("{v:?}")));
                break;
            }
            Err(payload) => {
                log(Ev::Panic(panic_text(&*payload)));
                // Poisoned: the next resume must panic with rustc's wording.
                let again = catch_unwind(AssertUnwindSafe(|| resume(g.as_mut(), 0)));
                match again {
                    Err(p) => log(Ev::Panic(panic_text(&*p))),
                    Ok(_) => log(Ev::Panic("resumed normally after a panic".into())),
                }
                break;
            }
        }
        assert!(k < MAX_STEPS, "the coroutine does not terminate");
    }
    drop(g);
    Trace(take_log())
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if payload.is::<Planted>() {
        "planted".to_string()
    } else if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic of another type".to_string()
    }
}

/// Runs one of our coroutines.
pub fn run_coro<G>(script: Script, stop: Stop, make: impl FnOnce() -> G) -> Trace
where
    G: Coroutine<i64, Yield = i64>,
    G::Return: Debug,
{
    run_coroutine(script, stop, make, Coroutine::resume)
}

/// Silences the default panic message of the planted panics (and of poisoned resumes), once.
pub fn quiet_planted_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let ours = payload.is::<Planted>()
                || panic_text(payload).starts_with("coroutine resumed after");
            if !ours {
                default(info);
            }
        }));
    });
}

/// Why two traces differ, with both traces for the reproducer.
pub struct Mismatch {
    pub reason: String,
    pub expected: Trace,
    pub actual: Trace,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.reason)?;
        writeln!(f, "oracle: {:?}", self.expected.0)?;
        write!(f, "coro:   {:?}", self.actual.0)
    }
}

/// Compares our trace with the oracle's.
///
/// Both must log the same events in the same order, with one exception, coro's documented
/// early drop: a value that was mentioned after its initialisation, or is held by a variable
/// mentioned on another path (its site is in `mentioned_sites`), and is not used again may be
/// dropped by coro where the state machine
/// leaves it behind (the next suspension point, or a jump to a loop head or join inside one
/// resume), while the oracle keeps it to the end of its scope. So coro's trace must be the
/// oracle's with some drops of mentioned values moved earlier, and nothing else changed: no
/// drop moved later, no guard (a value never mentioned) moved at all.
///
/// With `unordered_drops` (the run ended in a planted panic) drops are compared as sets: every
/// value dropped exactly once, in whatever order unwinding produced.
pub fn compare(
    expected: &Trace,
    actual: &Trace,
    mentioned_sites: &[u32],
    unordered_drops: bool,
) -> Result<(), Mismatch> {
    let fail = |reason: String| Mismatch {
        reason,
        expected: expected.clone(),
        actual: actual.clone(),
    };
    for (name, t) in [("oracle", expected), ("coro", actual)] {
        check_drops_once(t).map_err(|e| fail(format!("{name}: {e}")))?;
    }
    let sites: BTreeMap<u32, u32> = actual
        .0
        .iter()
        .filter_map(|e| match e {
            Ev::New { inst, site } => Some((*inst, *site)),
            _ => None,
        })
        .collect();
    let eligible = |inst: u32| {
        sites
            .get(&inst)
            .is_some_and(|s| mentioned_sites.contains(s))
    };
    let keep = |e: &&Ev| !(unordered_drops && matches!(e, Ev::Drop(_)));
    let mut rest: Vec<&Ev> = expected.0.iter().filter(keep).collect();
    rest.reverse();
    let mut early = 0;
    for (at, a) in actual.0.iter().filter(keep).enumerate() {
        if rest.last() == Some(&a) {
            rest.pop();
            continue;
        }
        // An early drop: coro drops a mentioned value before the oracle does.
        if let Ev::Drop(i) = a
            && eligible(*i)
            && let Some(k) = rest.iter().position(|e| *e == a)
        {
            rest.remove(k);
            early += 1;
            continue;
        }
        return Err(fail(format!(
            "the traces differ at coro's event {at} (after {early} early drop(s)): oracle {:?}, coro {a:?}",
            rest.last()
        )));
    }
    if let Some(e) = rest.last() {
        return Err(fail(format!(
            "coro's trace ends where the oracle's has {e:?}"
        )));
    }
    let drops = |t: &Trace| -> BTreeSet<u32> {
        t.0.iter()
            .filter_map(|e| match e {
                Ev::Drop(i) => Some(*i),
                _ => None,
            })
            .collect()
    };
    if unordered_drops && drops(expected) != drops(actual) {
        return Err(fail("the sets of dropped values differ".to_string()));
    }
    Ok(())
}

/// Every value created is dropped exactly once, and none is used after its drop.
fn check_drops_once(t: &Trace) -> Result<(), String> {
    let mut live = BTreeSet::new();
    for e in &t.0 {
        match e {
            Ev::New { inst, .. } => {
                live.insert(*inst);
            }
            Ev::Drop(i) if !live.remove(i) => return Err(format!("value {i} dropped twice")),
            Ev::Touch(i) if !live.contains(i) => {
                return Err(format!("value {i} used after its drop"));
            }
            _ => {}
        }
    }
    if !live.is_empty() {
        return Err(format!("values never dropped: {live:?}"));
    }
    Ok(())
}

/// A program as the generated table lists it.
pub struct Case {
    pub seed: u64,
    /// The coroutines' text, for the reproducer.
    pub source: &'static str,
    pub mentioned_sites: &'static [u32],
    /// Runs the code under test.
    pub coro: fn(Script, Stop) -> Trace,
    /// Runs the oracle (only `Stop::Complete` for the plain function).
    pub oracle: fn(Script, Stop) -> Trace,
}

/// Checks one program against its oracle under every script, and with `suspended_drops` and
/// `panics`, also dropped at each suspension point and unwound from each touch.
pub fn check_case(case: &Case, suspended_drops: bool, panics: bool) -> Result<(), String> {
    let report = |what: String, m: Mismatch| {
        format!(
            "seed {} failed ({what}):\n{m}\n\nreproduce with DIFFTEST_SEEDS={} \
             (the program, as coroutines, follows)\n\n{}",
            case.seed, case.seed, case.source
        )
    };
    for script in Script::ALL {
        let expected = (case.oracle)(script, Stop::Complete);
        let actual = (case.coro)(script, Stop::Complete);
        compare(&expected, &actual, case.mentioned_sites, false)
            .map_err(|m| report(format!("{script:?}, run to completion"), m))?;
        let yields = expected
            .0
            .iter()
            .filter(|e| matches!(e, Ev::Yield(_)))
            .count();
        if suspended_drops && script.0 < 2 {
            for n in 0..yields.min(40) {
                let expected = (case.oracle)(script, Stop::DropAt(n));
                let actual = (case.coro)(script, Stop::DropAt(n));
                compare(&expected, &actual, case.mentioned_sites, false).map_err(|m| {
                    report(
                        format!("{script:?}, dropped while suspended at yield {n}"),
                        m,
                    )
                })?;
            }
        }
        if panics && script.0 < 2 {
            reset(None);
            let _ = (case.oracle)(script, Stop::Complete);
            let n_touches = touches();
            for n in 0..n_touches.min(40) {
                let expected = (case.oracle)(script, Stop::PanicAt(n));
                let actual = (case.coro)(script, Stop::PanicAt(n));
                compare(&expected, &actual, case.mentioned_sites, true)
                    .map_err(|m| report(format!("{script:?}, planted panic at touch {n}"), m))?;
            }
        }
    }
    Ok(())
}

/// Runs every case, collecting failures; panics with the first few reproducers.
pub fn check_all(cases: &[Case], suspended_drops: bool, panics: bool) {
    quiet_planted_panics();
    let mut failures = Vec::new();
    for case in cases {
        if let Err(e) = check_case(case, suspended_drops, panics) {
            let head: Vec<&str> = e.lines().take(4).collect();
            eprintln!("{}\n", head.join("\n"));
            failures.push(e);
        }
    }
    if !failures.is_empty() {
        let n = failures.len();
        let first: Vec<_> = failures.into_iter().take(3).collect();
        panic!(
            "{n} of {} programs differ from the oracle; the first:\n\n{}",
            cases.len(),
            first.join("\n\n----------------\n\n")
        );
    }
    eprintln!("{} programs agree with the oracle", cases.len());
}

#[cfg(test)]
mod tests {
    use super::{Ev, Trace, compare};

    fn t(events: &[Ev]) -> Trace {
        Trace(events.to_vec())
    }

    const NEW0: Ev = Ev::New { inst: 0, site: 0 };
    const NEW1: Ev = Ev::New { inst: 1, site: 1 };

    #[test]
    fn identical_traces_agree() {
        let a = t(&[NEW0, Ev::Yield(1), Ev::Drop(0), Ev::Complete("()".into())]);
        assert!(compare(&a, &a, &[], false).is_ok());
    }

    #[test]
    fn a_mentioned_value_may_be_dropped_early_but_a_guard_may_not() {
        let oracle = t(&[NEW0, Ev::Touch(0), Ev::Yield(1), Ev::Drop(0)]);
        let coro = t(&[NEW0, Ev::Touch(0), Ev::Drop(0), Ev::Yield(1)]);
        assert!(compare(&oracle, &coro, &[0], false).is_ok());
        assert!(compare(&oracle, &coro, &[], false).is_err());
    }

    #[test]
    fn an_early_drop_may_overtake_other_drops() {
        let oracle = t(&[NEW0, NEW1, Ev::Touch(0), Ev::Drop(1), Ev::Drop(0)]);
        let coro = t(&[NEW0, NEW1, Ev::Touch(0), Ev::Drop(0), Ev::Drop(1)]);
        assert!(compare(&oracle, &coro, &[0], false).is_ok());
        assert!(compare(&oracle, &coro, &[1], false).is_err());
    }

    #[test]
    fn a_late_drop_is_never_accepted() {
        let oracle = t(&[NEW0, Ev::Touch(0), Ev::Drop(0), Ev::Yield(1)]);
        let coro = t(&[NEW0, Ev::Touch(0), Ev::Yield(1), Ev::Drop(0)]);
        assert!(compare(&oracle, &coro, &[0], false).is_err());
    }

    #[test]
    fn drop_order_yields_and_results_must_match() {
        let oracle = t(&[NEW0, NEW1, Ev::Drop(1), Ev::Drop(0)]);
        let swapped = t(&[NEW0, NEW1, Ev::Drop(0), Ev::Drop(1)]);
        assert!(compare(&oracle, &swapped, &[], false).is_err());
        let y = t(&[Ev::Yield(1), Ev::Complete("1".into())]);
        assert!(
            compare(
                &y,
                &t(&[Ev::Yield(2), Ev::Complete("1".into())]),
                &[],
                false
            )
            .is_err()
        );
        assert!(
            compare(
                &y,
                &t(&[Ev::Yield(1), Ev::Complete("2".into())]),
                &[],
                false
            )
            .is_err()
        );
    }

    #[test]
    fn every_value_is_dropped_exactly_once() {
        let leak = t(&[NEW0]);
        assert!(compare(&leak, &leak, &[], false).is_err());
        let twice = t(&[NEW0, Ev::Drop(0), Ev::Drop(0)]);
        assert!(compare(&twice, &twice, &[], false).is_err());
        let used_after_drop = t(&[NEW0, Ev::Drop(0), Ev::Touch(0)]);
        assert!(compare(&used_after_drop, &used_after_drop, &[], false).is_err());
    }

    #[test]
    fn after_a_panic_drops_are_compared_as_sets() {
        let oracle = t(&[
            NEW0,
            NEW1,
            Ev::Panic("planted".into()),
            Ev::Drop(1),
            Ev::Drop(0),
        ]);
        let coro = t(&[
            NEW0,
            NEW1,
            Ev::Panic("planted".into()),
            Ev::Drop(0),
            Ev::Drop(1),
        ]);
        assert!(compare(&oracle, &coro, &[], true).is_ok());
        let missing = t(&[NEW0, NEW1, Ev::Panic("planted".into()), Ev::Drop(0)]);
        assert!(compare(&oracle, &missing, &[], true).is_err());
    }
}
