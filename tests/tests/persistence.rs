//! `#[coro::coroutine(serde)]`: a coroutine saved at any suspension point and restored resumes
//! where it stood, and the rest of its run equals an uninterrupted one.

use std::fmt::Debug;
use std::num::ParseIntError;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;

use coro::{Coroutine, CoroutineExt, CoroutineState, Restorer};
use serde::Serialize;
use serde::de::DeserializeOwned;

type S<Y, T> = CoroutineState<Y, T>;

/// Resumes `c` with each of `resumes` in turn until it completes or they run out.
fn run<C, R, Y, T>(c: &mut C, resumes: &[R]) -> Vec<S<Y, T>>
where
    C: Coroutine<R, Yield = Y, Return = T> + Unpin,
    R: Clone,
{
    let mut trace = Vec::new();
    for r in resumes {
        let step = Pin::new(&mut *c).resume(r.clone());
        let done = matches!(step, S::Complete(_));
        trace.push(step);
        if done {
            break;
        }
    }
    trace
}

/// Restores a coroutine from JSON, refusing trailing data.
fn from_json<C: coro::__private::RestoreState>(
    restorer: Restorer<C>,
    json: &str,
) -> Result<C, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let c = restorer.deserialize(&mut de)?;
    de.end()?;
    Ok(c)
}

/// Saves the coroutine after every number of resumes (none, each suspension point, the end),
/// restores it, runs the rest and checks the whole trace against an uninterrupted run. Returns
/// the saved JSON texts, in order.
fn check_every_point<C, D, R, Y, T>(
    make: impl Fn() -> C,
    restore: impl Fn(&str) -> Result<D, serde_json::Error>,
    resumes: &[R],
) -> Vec<String>
where
    C: Coroutine<R, Yield = Y, Return = T> + Unpin + Serialize,
    D: Coroutine<R, Yield = Y, Return = T> + Unpin + Serialize,
    R: Clone,
    Y: PartialEq + Debug,
    T: PartialEq + Debug,
{
    let full = run(&mut make(), resumes);
    assert!(
        matches!(full.last(), Some(S::Complete(_))),
        "the resume values must last until the coroutine completes"
    );
    let mut saved = Vec::new();
    for k in 0..full.len() {
        let mut c = make();
        let mut trace = run(&mut c, &resumes[..k]);
        let json = serde_json::to_string(&c).expect("a suspended coroutine saves");
        drop(c);
        let mut restored = restore(&json).expect("a saved coroutine restores");
        assert_eq!(
            serde_json::to_string(&restored).unwrap(),
            json,
            "a restored coroutine saves as it was saved"
        );
        trace.extend(run(&mut restored, &resumes[k..]));
        assert_eq!(trace, full, "saved after {k} resumes: {json}");
        saved.push(json);
    }
    saved
}

#[coro::coroutine(yield = u64, serde)]
fn counter(n: u64) -> u64 {
    let mut i = 0;
    while i < n {
        yield_!(i);
        i += 1;
    }
    i
}

#[test]
fn a_loop_resumes_at_every_point() {
    let saved = check_every_point(
        || counter(4),
        |json| from_json(counter_restore(), json),
        &[(); 5],
    );
    assert_eq!(saved.len(), 5);
    assert!(saved[0].starts_with(r#"{"coroutine":"counter","fingerprint":""#));
    assert!(saved[0].ends_with(r#""state":{"Start":{"n_0":4}}}"#));
    assert!(saved[2].ends_with(r#""state":{"Suspend0":{"i_1":1,"n_0":4}}}"#));
}

/// A generator: also an `Iterator`, restored or not.
#[coro::coroutine(yield = u64, serde)]
fn ticks(n: u64) {
    let mut i = 0;
    while i < n {
        yield_!(i);
        i += 1;
    }
}

/// The example of the README's Persistence section, with the text it shows.
#[test]
fn readme_example() {
    let mut c = counter(10);
    c.send(());
    c.send(());
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(
        json,
        r#"{"coroutine":"counter","fingerprint":"150d15834e4ec981","state":{"Suspend0":{"i_1":1,"n_0":10}}}"#
    );
    let mut restored = counter_restore()
        .deserialize(&mut serde_json::Deserializer::from_str(&json))
        .unwrap();
    assert_eq!(restored.send(()), S::Yielded(2));
}

#[test]
fn a_saved_generator_iterates_on() {
    let mut c = ticks(10);
    assert_eq!(c.by_ref().take(3).collect::<Vec<_>>(), [0, 1, 2]);
    let json = serde_json::to_string(&c).unwrap();
    let restored = from_json(ticks_restore(), &json).unwrap();
    assert_eq!(restored.collect::<Vec<_>>(), [3, 4, 5, 6, 7, 8, 9]);
}

/// A coroutine function without generic parameters has a type that is `DeserializeOwned`
/// itself: a coroutine of the same type can be overwritten by a saved one.
#[test]
fn a_saved_coroutine_deserializes_into_its_own_type() {
    let mut c = ticks(10);
    c.by_ref().take(4).for_each(drop);
    let json = serde_json::to_string(&c).unwrap();
    let mut other = ticks(0);
    assert_eq!(other.next(), None);
    other = serde_json::from_str(&json).unwrap();
    assert_eq!(other.collect::<Vec<_>>(), [4, 5, 6, 7, 8, 9]);
}

#[coro::coroutine(yield = (char, u32), serde)]
fn classify(limit: u32) -> (u32, u32) {
    let (mut small, mut big) = (0, 0);
    for i in 0..limit {
        if i % 3 == 0 {
            continue;
        }
        let kind = match i {
            0..=4 => {
                small += 1;
                'a'
            }
            _ if i % 2 == 0 => {
                big += 1;
                yield_!(('e', i));
                'b'
            }
            _ => 'c',
        };
        if kind == 'c' {
            yield_!(('c', i * 10));
        } else {
            yield_!((kind, i));
        }
    }
    (small, big)
}

#[test]
fn branches_and_a_range_loop_resume_at_every_point() {
    let saved = check_every_point(
        || classify(12),
        |json| from_json(classify_restore(), json),
        &[(); 20],
    );
    assert!(saved.len() > 10);
}

/// The averager of the contract: a `#[resume]` parameter and a resume value at each `yield_!`.
#[coro::coroutine(yield = f64, serde)]
fn averager(#[resume] first: f64) -> usize {
    let (mut total, mut count, mut x) = (0.0, 0usize, first);
    while x >= 0.0 {
        total += x;
        count += 1;
        x = yield_!(total / f64::from(u32::try_from(count).unwrap()));
    }
    count
}

#[test]
fn resume_values_resume_at_every_point() {
    let saved = check_every_point(
        averager,
        |json| from_json(averager_restore(), json),
        &[10.0, 20.0, 3.5, 0.25, -1.0],
    );
    assert_eq!(saved.len(), 5);
}

#[coro::coroutine(yield = u32, serde)]
fn parse_all(items: Vec<String>) -> Result<u32, ParseIntError> {
    let mut total = 0;
    let mut i = 0;
    while i < items.len() {
        let n: u32 = items[i].trim().parse()?;
        total += n;
        yield_!(total);
        i += 1;
    }
    Ok(total)
}

#[test]
fn a_fallible_coroutine_resumes_at_every_point() {
    let good = || parse_all(vec!["1".into(), " 2".into(), "39".into()]);
    let saved = check_every_point(good, |json| from_json(parse_all_restore(), json), &[(); 4]);
    assert_eq!(saved.len(), 4);
    let bad = || parse_all(vec!["1".into(), "x".into()]);
    check_every_point(bad, |json| from_json(parse_all_restore(), json), &[(); 2]);
}

/// Owned data kept across suspension points: a `String` and a `Vec<String>`.
#[coro::coroutine(yield = String, serde)]
fn words(text: String) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = text.chars().chain(Some(' ')).collect();
    // A `for` loop over `chars` would keep its iterator, which serde cannot save; a range can be.
    for i in 0..chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            if !seen.contains(&word) {
                yield_!(word.clone());
                seen.push(word.clone());
            }
            word.clear();
        }
    }
    seen
}

#[test]
fn strings_and_vectors_resume_at_every_point() {
    let make = || words("to be or not to be, that is the question".into());
    let saved = check_every_point(make, |json| from_json(words_restore(), json), &[(); 10]);
    assert!(saved[3].contains(r#""seen_1":["to","be"]"#), "{}", saved[3]);
}

/// Suspended inside `yield_from!`: the delegate is a kept value, saved whole (with its own name
/// and fingerprint) and restored as a value of its type.
#[coro::coroutine(yield = u64, serde)]
fn two_counters(a: u64, b: u64) -> u64 {
    let first = yield_from!(counter(a));
    yield_!(1000);
    let second = yield_from!(counter(b));
    first * 100 + second
}

#[test]
fn a_delegate_resumes_at_every_point() {
    let saved = check_every_point(
        || two_counters(3, 2),
        |json| from_json(two_counters_restore(), json),
        &[(); 8],
    );
    // Saved after two resumes: inside the first delegate, which is saved whole.
    assert!(
        saved[2].contains(r#"{"Suspend0":{"tmp_2":{"coroutine":"counter","fingerprint":""#),
        "{}",
        saved[2]
    );
}

/// Generic parameters: the restorer takes them as the constructor does. A kept value of a
/// generic type needs the bounds that saving and restoring it take.
#[coro::coroutine(yield = T, serde)]
fn repeat<T: Clone + Serialize + DeserializeOwned>(value: T, times: usize) {
    let mut i = 0;
    while i < times {
        yield_!(value.clone());
        i += 1;
    }
}

#[test]
fn a_generic_coroutine_resumes_at_every_point() {
    check_every_point(
        || repeat(String::from("hi"), 3),
        |json| from_json(repeat_restore::<String>(), json),
        &[(); 4],
    );
}

/// An `impl Trait` argument becomes a type parameter of the restorer.
#[coro::coroutine(yield = u32, serde)]
fn doubled(numbers: impl Iterator<Item = u32> + Serialize + DeserializeOwned) -> u32 {
    let mut numbers = numbers;
    let mut sum = 0;
    while let Some(n) = numbers.next() {
        sum += n;
        yield_!(n * 2);
    }
    sum
}

#[test]
fn an_impl_trait_argument_resumes_at_every_point() {
    check_every_point(
        || doubled(1..5),
        |json| from_json(doubled_restore::<Range<u32>>(), json),
        &[(); 5],
    );
}

#[coro::coroutine(yield = u64, serde, clone)]
fn cloned(n: u64) {
    let mut i = 0;
    while i < n {
        yield_!(i);
        i += 1;
    }
}

#[test]
fn serde_and_clone_together() {
    let mut c = cloned(5);
    c.next();
    let d = c.clone();
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        serde_json::to_string(&d).unwrap()
    );
    let restored = from_json(cloned_restore(), &serde_json::to_string(&d).unwrap()).unwrap();
    assert_eq!(restored.clone().collect::<Vec<_>>(), [1, 2, 3, 4]);
}

#[test]
fn a_changed_source_is_refused() {
    let mut c = counter(5);
    c.send(());
    let json = serde_json::to_string(&c).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let fingerprint = value["fingerprint"].as_str().unwrap().to_owned();
    assert_eq!(fingerprint.len(), 16);
    let changed = json.replace(&fingerprint, "0123456789abcdef");
    let err = from_json(counter_restore(), &changed)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!(
            "the saved `counter` coroutine has fingerprint 0123456789abcdef, but `counter` as \
             built now has fingerprint {fingerprint}: its source changed since it was saved"
        )),
        "{err}"
    );
}

#[test]
fn another_coroutine_is_refused() {
    let json = serde_json::to_string(&counter(5)).unwrap();
    let err = from_json(words_restore(), &json).unwrap_err().to_string();
    assert!(
        err.contains("this is a saved `counter` coroutine, not a `words` one"),
        "{err}"
    );
}

#[test]
fn malformed_states_are_refused() {
    let fingerprint = |json: &str| {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        value["fingerprint"].as_str().unwrap().to_owned()
    };
    let f = fingerprint(&serde_json::to_string(&counter(1)).unwrap());
    let with_state =
        |state: &str| format!(r#"{{"coroutine":"counter","fingerprint":"{f}","state":{state}}}"#);
    let cases = [
        (with_state(r#"{"Suspend7":{}}"#), "unknown field `Suspend7`"),
        (
            with_state(r#"{"Suspend0":{"i_1":1}}"#),
            "missing field `n_0`",
        ),
        (
            with_state(r#"{"Suspend0":{"i_1":1,"n_0":2,"x":3}}"#),
            "unknown field `x`",
        ),
        (
            with_state(r#"{"Suspend0":{"i_1":1,"i_1":1,"n_0":2}}"#),
            "duplicate field `i_1`",
        ),
        (
            with_state(r#"{"Suspend0":{"i_1":"one","n_0":2}}"#),
            "invalid type: string \"one\"",
        ),
        (
            format!(r#"{{"state":{{"Done":null}},"coroutine":"counter","fingerprint":"{f}"}}"#),
            "must come after its `coroutine` and `fingerprint`",
        ),
        (
            format!(r#"{{"coroutine":"counter","fingerprint":"{f}"}}"#),
            "missing field `state`",
        ),
    ];
    for (json, expected) in cases {
        let err = from_json(counter_restore(), &json).unwrap_err().to_string();
        assert!(err.contains(expected), "{json}: {err}");
    }
    // The fields of a variant may also come as a sequence, in the enum's order.
    let seq = with_state(r#"{"Suspend0":[1,3]}"#);
    let mut c = from_json(counter_restore(), &seq).unwrap();
    assert_eq!(run(&mut c, &[(); 3]), [S::Yielded(2), S::Complete(3)]);
}

#[test]
fn a_completed_coroutine_saves_and_stays_complete() {
    let mut c = ticks(1);
    assert_eq!(c.by_ref().collect::<Vec<_>>(), [0]);
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.ends_with(r#""state":"Done"}"#), "{json}");
    let mut restored = from_json(ticks_restore(), &json).unwrap();
    assert_eq!(restored.next(), None);
    let panic = catch_unwind(AssertUnwindSafe(|| restored.send(()))).unwrap_err();
    assert_eq!(
        panic.downcast_ref::<&str>(),
        Some(&"coroutine resumed after completion")
    );
}

#[coro::coroutine(yield = u32, serde)]
fn panicky(n: u32) {
    yield_!(n);
    assert!(n > 100, "too small");
}

#[test]
fn a_poisoned_coroutine_does_not_save() {
    let mut c = panicky(1);
    assert_eq!(c.next(), Some(1));
    assert!(catch_unwind(AssertUnwindSafe(|| c.next())).is_err());
    let err = serde_json::to_string(&c).unwrap_err().to_string();
    assert!(
        err.contains(
            "coroutine `panicky` is poisoned (a panic escaped its resume) and cannot be saved"
        ),
        "{err}"
    );
}

/// The restorer is a `DeserializeSeed`: a coroutine saved inside a larger structure.
#[test]
fn a_restorer_is_a_deserialize_seed() {
    use serde::de::DeserializeSeed;

    let mut c = ticks(4);
    c.next();
    let json = format!("[{}]", serde_json::to_string(&c).unwrap());
    let value: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let restored = ticks_restore().deserialize(value[0].clone()).unwrap();
    assert_eq!(restored.collect::<Vec<_>>(), [1, 2, 3]);
    let again = DeserializeSeed::deserialize(ticks_restore(), value[0].clone()).unwrap();
    assert_eq!(again.count(), 3);
}

/// The restored coroutine owns everything: it can leave the function that read it.
fn load(json: String) -> impl Coroutine<Yield = u64, Return = u64> {
    from_json(counter_restore(), &json).unwrap()
}

#[test]
fn a_restored_coroutine_outlives_its_input() {
    let mut c = counter(3);
    c.send(());
    let mut restored = load(serde_json::to_string(&c).unwrap());
    assert_eq!(restored.send(()), S::Yielded(1));
}
