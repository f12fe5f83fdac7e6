//! The sans-IO parser of `coro/examples/sans_io.rs`, fed its input split at every byte offset.

#[allow(dead_code, reason = "the example's `main` is not called here")]
#[path = "../../coro/examples/sans_io.rs"]
mod example;

use coro::prelude::*;
use coro::{Resume, Status};

use example::{Head, NeedMore, ParseError, parse_chunks, parse_head};

const REQUEST: &[u8] =
    b"POST /submit HTTP/1.1\r\nHost: example.org\r\nContent-Length: 4\nX-Empty:\r\n\r\nbodyMORE";

fn expected() -> Head {
    Head {
        method: "POST".into(),
        target: "/submit".into(),
        version: "HTTP/1.1".into(),
        headers: vec![
            ("Host".into(), "example.org".into()),
            ("Content-Length".into(), "4".into()),
            ("X-Empty".into(), String::new()),
        ],
        rest: b"bodyMORE".to_vec(),
    }
}

#[test]
fn two_chunks_split_at_every_byte_offset() {
    for at in 0..=REQUEST.len() {
        let (a, b) = REQUEST.split_at(at);
        assert_eq!(parse_chunks([a, b]), Ok(expected()), "split at {at}");
    }
}

#[test]
fn three_chunks_split_at_every_pair_of_offsets() {
    for i in 0..=REQUEST.len() {
        for j in i..=REQUEST.len() {
            let chunks = [&REQUEST[..i], &REQUEST[i..j], &REQUEST[j..]];
            assert_eq!(parse_chunks(chunks), Ok(expected()), "split at {i} and {j}");
        }
    }
}

#[test]
fn one_byte_at_a_time_yields_until_the_blank_line() {
    let head_len = REQUEST.len() - b"bodyMORE".len();
    let mut parser = parse_head();
    for (i, byte) in REQUEST[..head_len].chunks(1).enumerate() {
        match parser.send(Resume::Send(byte)) {
            CoroutineState::Yielded(NeedMore { buffered }) => {
                assert!(i + 1 < head_len, "needs more after the head ended, at {i}");
                // Only the unfinished line is buffered.
                let line_start = REQUEST[..=i]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                assert_eq!(buffered, i + 1 - line_start, "at {i}");
            }
            CoroutineState::Complete(head) => {
                assert_eq!(i + 1, head_len, "completed early, at {i}");
                let mut want = expected();
                want.rest.clear();
                assert_eq!(head, Ok(want));
            }
        }
    }
    assert_eq!(parser.status(), Some(Status::Complete));
}

#[test]
fn a_head_cut_short_at_every_offset_is_an_unexpected_end() {
    let head_len = REQUEST.len() - b"bodyMORE".len();
    for at in 0..head_len {
        assert_eq!(
            parse_chunks([&REQUEST[..at]]),
            Err(ParseError::UnexpectedEof),
            "cut at {at}"
        );
    }
    // Not even started: closing runs nothing, and the driver reports the end.
    assert_eq!(parse_chunks([]), Err(ParseError::UnexpectedEof));
}

#[test]
fn malformed_lines_are_errors() {
    assert_eq!(
        parse_chunks([&b"GET /\r\n\r\n"[..]]),
        Err(ParseError::BadRequestLine("GET /".into()))
    );
    assert_eq!(
        parse_chunks([&b"GET / HTTP/1.1\r\nno colon\r\n\r\n"[..]]),
        Err(ParseError::BadHeader("no colon".into()))
    );
    assert_eq!(
        parse_chunks([&b"GET / HTTP/1.1\r\n\xff\r\n\r\n"[..]]),
        Err(ParseError::NotUtf8)
    );
}
