//! A sans-IO parser written as a coroutine: it reads the head of an HTTP/1.1-style request (a
//! request line, header lines, a blank line) from byte chunks of any size that the caller
//! sends in, yields each time it needs more bytes, and returns the parsed head with the bytes
//! that followed it. It does no IO itself, so the same parser serves a socket, a file or a
//! test. The end of the input is a `close`: a head cut short is then an error.
//!
//! ```sh
//! cargo run -p coro --example sans_io
//! ```
//! `tests/tests/example_sans_io.rs` feeds it split at every byte offset.

use std::convert::Infallible;

use coro::prelude::*;
use coro::{Exit, Resume};

/// What the parser yields: it needs more bytes, and holds this many of an unfinished line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NeedMore {
    pub(crate) buffered: usize,
}

/// The parsed head of a request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) version: String,
    pub(crate) headers: Vec<(String, String)>,
    /// The bytes after the blank line that ends the head: the start of the body.
    pub(crate) rest: Vec<u8>,
}

/// Why the head could not be parsed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ParseError {
    /// The input ended (the parser was closed) before the blank line.
    UnexpectedEof,
    /// A line is not UTF-8.
    NotUtf8,
    /// The request line is not `METHOD TARGET VERSION`.
    BadRequestLine(String),
    /// A header line has no `:`.
    BadHeader(String),
}

/// `?` on a resume value: the end of the input is an unexpected end here.
impl From<Exit<Infallible>> for ParseError {
    fn from(exit: Exit<Infallible>) -> Self {
        match exit {
            Exit::Closed => ParseError::UnexpectedEof,
            Exit::Thrown(never) => match never {},
        }
    }
}

/// The parser. Send it chunks as `Resume::Send(chunk)`, and close it at the end of the input.
#[coro::coroutine(yield = NeedMore)]
pub(crate) fn parse_head<'a>(
    #[resume] first: Resume<&'a [u8], Infallible>,
) -> Result<Head, ParseError> {
    let mut buffer = first?.to_vec();
    let mut lines: Vec<String> = Vec::new();
    loop {
        // Every complete line in the buffer, up to the blank one.
        while let Some(end) = buffer.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = buffer.drain(..=end).collect();
            let line = decode_line(line)?;
            if line.is_empty() {
                return build_head(&lines, buffer);
            }
            lines.push(line);
        }
        let chunk = yield_!(NeedMore {
            buffered: buffer.len()
        })?;
        buffer.extend_from_slice(chunk);
    }
}

/// A line without its `\n` or `\r\n`.
fn decode_line(mut line: Vec<u8>) -> Result<String, ParseError> {
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| ParseError::NotUtf8)
}

fn build_head(lines: &[String], rest: Vec<u8>) -> Result<Head, ParseError> {
    let Some((request_line, header_lines)) = lines.split_first() else {
        return Err(ParseError::BadRequestLine(String::new()));
    };
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ParseError::BadRequestLine(request_line.clone()));
    };
    let headers = header_lines
        .iter()
        .map(|line| match line.split_once(':') {
            Some((name, value)) => Ok((name.trim().to_owned(), value.trim().to_owned())),
            None => Err(ParseError::BadHeader(line.clone())),
        })
        .collect::<Result<_, _>>()?;
    Ok(Head {
        method: method.to_owned(),
        target: target.to_owned(),
        version: version.to_owned(),
        headers,
        rest,
    })
}

/// Drives the parser over `chunks`, as a socket loop would without the socket, and closes it if
/// the chunks run out before the head ends. The chunks after the head go to its `rest`.
pub(crate) fn parse_chunks<'a>(
    chunks: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Head, ParseError> {
    let mut parser = parse_head();
    let mut chunks = chunks.into_iter();
    for chunk in chunks.by_ref() {
        if let CoroutineState::Complete(head) = parser.send(Resume::Send(chunk)) {
            let mut head = head?;
            chunks.for_each(|chunk| head.rest.extend_from_slice(chunk));
            return Ok(head);
        }
    }
    // The input ended: close the parser, which reports the head cut short (a parser that never
    // started runs nothing on `close`).
    parser.close().unwrap_or(Err(ParseError::UnexpectedEof))
}

fn main() {
    let request = b"GET /index.html HTTP/1.1\r\nHost: example.org\r\nAccept: */*\r\n\r\nbody";

    // As a network would deliver it: in pieces that split lines anywhere.
    let mut parser = parse_head();
    let mut chunks = request.chunks(7);
    let head = loop {
        let Some(chunk) = chunks.next() else {
            break parser.close().unwrap_or(Err(ParseError::UnexpectedEof));
        };
        match parser.send(Resume::Send(chunk)) {
            CoroutineState::Yielded(need) => {
                println!(
                    "sent {:<12} {need:?}",
                    format!("{:?}", String::from_utf8_lossy(chunk))
                );
            }
            CoroutineState::Complete(head) => break head,
        }
    };
    match head {
        Ok(mut head) => {
            println!("{} {} {}", head.method, head.target, head.version);
            for (name, value) in &head.headers {
                println!("  {name} = {value}");
            }
            chunks.for_each(|chunk| head.rest.extend_from_slice(chunk));
            println!("body: {:?}", String::from_utf8_lossy(&head.rest));
        }
        Err(e) => println!("error: {e:?}"),
    }

    // A connection that closes part-way through a header line.
    println!("cut after 30 bytes: {:?}", parse_chunks([&request[..30]]));
}
