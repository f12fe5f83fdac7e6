//! The program generator: a seed in, the text of a small family of coroutines out.
//!
//! This file has no dependencies so that the build scripts of the difftest crates can include it
//! with `#[path]`. A program is a `main` coroutine `g` and up to two delegates `sub1`, `sub2`
//! that `g` (and `sub1`) enter with `yield_from!`. All of them share one body text; the three
//! renderings wrap that text in different clothes:
//!
//! - as a `#[coro::coroutine]` function (the code under test),
//! - as a plain function whose local `yield_!` records the value and returns the next resume
//!   value of a script (oracle 1),
//! - as a nightly `#[coroutine]` closure whose local `yield_!` is `yield` (oracle 2).
//!
//! Every value is an `i64` except the drop-logging `D`. Loops run at most three times by
//! construction (a counter checked before the body, or a literal range), delegates form a chain
//! without cycles, so every program terminates on every script.

// Counts and picks here are small by construction (a few dozen at most), and the generator's
// one-letter names (`p` for padding, `d` for depth) follow the grammar they build.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::many_single_char_names,
    clippy::struct_excessive_bools,
    clippy::should_implement_trait
)]

use std::fmt::Write as _;

/// `splitmix64`: small, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// What `?` works on in a program: all its functions return the same type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RetKind {
    Result,
    Option,
}

impl RetKind {
    pub fn ty(self) -> &'static str {
        match self {
            RetKind::Result => "Result<i64, i64>",
            RetKind::Option => "Option<i64>",
        }
    }
}

/// One generated function: its name, parameters after the resume parameter, and body.
pub struct Func {
    pub name: String,
    pub body: String,
}

/// A generated program.
pub struct Program {
    pub seed: u64,
    pub ret: RetKind,
    /// `g` first, then the delegates.
    pub funcs: Vec<Func>,
    /// The sites (the first argument of `D::new`) whose value is mentioned after its
    /// initialisation somewhere in the text: only these may be dropped early at a suspension
    /// point (SPEC "State and drops"). A value that is never mentioned is a guard and must be
    /// dropped exactly where the oracle drops it.
    pub mentioned_sites: Vec<u32>,
    /// The argument `g` is called with.
    pub arg: i64,
}

#[derive(Clone)]
struct Var {
    name: String,
    drop: bool,
    mutable: bool,
    /// Counters steer termination: nothing but their own loop writes them.
    assignable: bool,
    moved: bool,
    loop_depth: usize,
    sites: Vec<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    /// A `loop` whose `break` carries a value.
    ValueLoop,
    /// `for`, `while`, `while let` or a `loop` of type `()`.
    Loop,
    /// A labeled block of type `i64`.
    Block,
}

struct Frame {
    label: String,
    kind: FrameKind,
    /// A value loop whose `break` value is being generated: a `continue` to it from there
    /// would skip the counter and loop forever.
    in_exit: bool,
}

struct Gen {
    rng: Rng,
    ret: RetKind,
    vars: Vec<Var>,
    scopes: Vec<usize>,
    frames: Vec<Frame>,
    loop_depth: usize,
    next_site: u32,
    mentioned: Vec<bool>,
    uniq: u32,
    budget: i32,
    /// Delegates this function may enter.
    subs: Vec<String>,
}

const INT_NAMES: [&str; 6] = ["x0", "x1", "x2", "x3", "x4", "x5"];
const DROP_NAMES: [&str; 4] = ["d0", "d1", "d2", "d3"];
/// Deepest nesting of loops; with at most three rounds each this bounds every run.
const MAX_LOOPS: usize = 2;

fn pad(ind: usize) -> String {
    "    ".repeat(ind)
}

/// Parenthesises anything but a name, a literal or a call, so that operators bind as written.
fn operand(e: String) -> String {
    let simple = e.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        || (e.ends_with(')')
            && e.starts_with(|c: char| c.is_ascii_alphabetic())
            && !e.contains(char::is_whitespace));
    if simple { e } else { format!("({e})") }
}

impl Gen {
    fn fresh(&mut self) -> u32 {
        self.uniq += 1;
        self.uniq
    }

    fn site(&mut self) -> u32 {
        let s = self.next_site;
        self.next_site += 1;
        self.mentioned.push(false);
        s
    }

    fn push_scope(&mut self) {
        self.scopes.push(self.vars.len());
    }

    fn pop_scope(&mut self) {
        let n = self.scopes.pop().expect("balanced scopes");
        self.vars.truncate(n);
    }

    fn declare(&mut self, name: &str, drop: bool, mutable: bool, sites: Vec<u32>) {
        self.vars.push(Var {
            name: name.to_string(),
            drop,
            mutable,
            assignable: true,
            moved: false,
            loop_depth: self.loop_depth,
            sites,
        });
    }

    fn declare_counter(&mut self, name: &str) {
        self.declare(name, false, true, Vec::new());
        self.vars.last_mut().expect("just declared").assignable = false;
    }

    /// Indices of the visible variables (the newest of each name) that satisfy `pred`.
    fn visible(&self, pred: impl Fn(&Var) -> bool) -> Vec<usize> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for (i, v) in self.vars.iter().enumerate().rev() {
            if seen.contains(&v.name.as_str()) {
                continue;
            }
            seen.push(&v.name);
            if pred(v) {
                out.push(i);
            }
        }
        out
    }

    fn pick(&mut self, of: &[usize]) -> Option<usize> {
        if of.is_empty() {
            None
        } else {
            Some(of[self.rng.below(of.len() as u64) as usize])
        }
    }

    fn mention(&mut self, var: usize) {
        for &s in &self.vars[var].sites {
            self.mentioned[s as usize] = true;
        }
    }

    fn lit(&mut self) -> String {
        let n = self.rng.range(-3, 9);
        if n < 0 {
            format!("({n})")
        } else {
            n.to_string()
        }
    }

    fn leaf(&mut self) -> String {
        match self.rng.below(6) {
            0 | 1 => self.lit(),
            2 => {
                let live = self.visible(|v| v.drop && !v.moved);
                match self.pick(&live) {
                    Some(v) => {
                        self.mention(v);
                        format!("{}.get()", self.vars[v].name)
                    }
                    None => self.lit(),
                }
            }
            _ => {
                let ints = self.visible(|v| !v.drop);
                match self.pick(&ints) {
                    Some(v) => self.vars[v].name.clone(),
                    None => self.lit(),
                }
            }
        }
    }

    /// An `i64` expression. `y`: suspension points are allowed here.
    fn expr(&mut self, depth: u32, y: bool, ind: usize) -> String {
        if depth == 0 || self.rng.below(10) < 3 {
            return self.leaf();
        }
        let d = depth - 1;
        loop {
            let e = match self.rng.below(17) {
                0..=2 if y => format!("yield_!({})", self.expr(d, y, ind)),
                3 => format!("mix({}, {})", self.expr(d, y, ind), self.expr(d, y, ind)),
                4 => format!(
                    "i64::wrapping_add({}, {})",
                    self.expr(d, y, ind),
                    self.expr(d, y, ind)
                ),
                5 => {
                    let a = operand(self.expr(d, y, ind));
                    let b = operand(self.expr(d, y, ind));
                    format!("{a} ^ {b}")
                }
                6 => {
                    let c = self.cond(d, y, ind);
                    let a = self.expr(d, y, ind);
                    let b = self.expr(d, y, ind);
                    format!("if {c} {{ {a} }} else {{ {b} }}")
                }
                7 if y && self.budget > 0 => self.match_expr(d, ind),
                8 if y && self.budget > 0 => self.block_expr(d, ind),
                9 => {
                    let inner = self.expr(d, y, ind);
                    match self.ret {
                        RetKind::Result => format!("chk({inner})?"),
                        RetKind::Option => format!("opt({inner})?"),
                    }
                }
                10 if y && !self.subs.is_empty() => self.yield_from(ind),
                11 => {
                    let ints = self.visible(|v| !v.drop);
                    let captured = match self.pick(&ints) {
                        Some(v) => self.vars[v].name.clone(),
                        None => "7".to_string(),
                    };
                    let k = self.rng.range(2, 5);
                    // Calling a closure borrows it: rustc refuses a suspension point in the
                    // arguments (E0626), so the oracle needs them free of one.
                    let arg = self.expr(d, false, ind);
                    format!("(move |q: i64| q.wrapping_mul({k}) ^ {captured})({arg})")
                }
                12 => {
                    let depth = self.loop_depth;
                    let owned = self.visible(|v| v.drop && !v.moved && v.loop_depth == depth);
                    match self.pick(&owned) {
                        Some(v) => {
                            self.mention(v);
                            self.vars[v].moved = true;
                            format!("consume({})", self.vars[v].name)
                        }
                        None => continue,
                    }
                }
                13 if y && self.budget > 0 => self.labeled_block(d, ind),
                14 if y && self.budget > 0 && self.loop_depth < MAX_LOOPS => {
                    self.value_loop(d, ind)
                }
                15 | 16 => {
                    let a = self.expr(d, y, ind);
                    let k = self.rng.range(1, 4);
                    format!("i64::wrapping_mul({a}, {k})")
                }
                _ => continue,
            };
            return e;
        }
    }

    fn cond(&mut self, depth: u32, y: bool, ind: usize) -> String {
        let d = depth.saturating_sub(1);
        match self.rng.below(8) {
            0 if depth > 0 => {
                let a = self.cond(d, y, ind);
                let b = self.cond(d, y, ind);
                format!("{a} && {b}")
            }
            1 if depth > 0 => {
                let a = self.cond(d, y, ind);
                let b = self.cond(d, y, ind);
                format!("{a} || {b}")
            }
            2 if depth > 0 => format!("!({})", self.cond(d, y, ind)),
            _ => {
                let ops = ["<", ">", "==", "!=", "<=", ">="];
                let op = ops[self.rng.below(ops.len() as u64) as usize];
                let a = operand(self.expr(d, y, ind));
                let b = operand(self.expr(d, y, ind));
                format!("{a} {op} {b}")
            }
        }
    }

    fn yield_from(&mut self, ind: usize) -> String {
        let sub = self.subs[self.rng.below(self.subs.len() as u64) as usize].clone();
        let arg = self.expr(1, false, ind);
        let first = self.expr(1, false, ind);
        let call = format!("yield_from!({sub}({arg}), {first})");
        match (self.ret, self.rng.below(2)) {
            (_, 0) => format!("{call}?"),
            (RetKind::Result, _) => {
                format!("match {call} {{ Ok(v) => v, Err(v) => i64::wrapping_neg(v) }}")
            }
            (RetKind::Option, _) => format!("{call}.unwrap_or(11)"),
        }
    }

    fn match_expr(&mut self, depth: u32, ind: usize) -> String {
        let scrut = self.expr(depth, true, ind);
        let m = format!("m{}", self.fresh());
        let p = pad(ind + 1);
        let a0 = self.expr(depth, true, ind + 1);
        let a1 = self.expr(depth, true, ind + 1);
        self.push_scope();
        self.declare(&m, false, false, Vec::new());
        let k = self.rng.range(0, 6);
        let a2 = self.expr(depth, true, ind + 1);
        self.pop_scope();
        let a3 = self.expr(depth, true, ind + 1);
        format!(
            "match {scrut} {{\n{p}0 => {a0},\n{p}1 | 2 => {a1},\n{p}{m} if {m} > {k} => {a2},\n{p}_ => {a3},\n{}}}",
            pad(ind)
        )
    }

    fn block_expr(&mut self, depth: u32, ind: usize) -> String {
        self.push_scope();
        let body = {
            let n = 1 + self.rng.below(3) as i32;
            self.stmts(ind + 1, n)
        };
        let tail = self.expr(depth, true, ind + 1);
        self.pop_scope();
        format!("{{\n{body}{}{tail}\n{}}}", pad(ind + 1), pad(ind))
    }

    fn labeled_block(&mut self, depth: u32, ind: usize) -> String {
        let label = format!("'b{}", self.fresh());
        self.frames.push(Frame {
            label: label.clone(),
            kind: FrameKind::Block,
            in_exit: false,
        });
        self.push_scope();
        let first = {
            let n = 1 + self.rng.below(2) as i32;
            self.stmts(ind + 1, n)
        };
        let c = self.cond(1, true, ind + 1);
        let early = self.expr(depth, true, ind + 1);
        let second = {
            let n = self.rng.below(2) as i32;
            self.stmts(ind + 1, n)
        };
        let tail = self.expr(depth, true, ind + 1);
        self.pop_scope();
        self.frames.pop();
        let p = pad(ind + 1);
        format!(
            "{label}: {{\n{first}{p}if {c} {{\n{}break {label} ({early});\n{p}}}\n{second}{p}{tail}\n{}}}",
            pad(ind + 2),
            pad(ind)
        )
    }

    fn value_loop(&mut self, depth: u32, ind: usize) -> String {
        let n = self.fresh();
        let (c, label) = (format!("c{n}"), format!("'l{n}"));
        let k = self.rng.range(0, 3);
        self.push_scope();
        self.declare_counter(&c);
        let p1 = pad(ind + 1);
        let p2 = pad(ind + 2);
        self.frames.push(Frame {
            label: label.clone(),
            kind: FrameKind::ValueLoop,
            in_exit: true,
        });
        self.loop_depth += 1;
        self.push_scope();
        let done = self.expr(depth, true, ind + 3);
        self.frames.last_mut().expect("pushed above").in_exit = false;
        let body = {
            let n = 1 + self.rng.below(3) as i32;
            self.stmts(ind + 2, n)
        };
        self.pop_scope();
        self.loop_depth -= 1;
        self.frames.pop();
        self.pop_scope();
        format!(
            "{{\n{p1}let mut {c} = 0;\n{p1}{label}: loop {{\n{p2}if {c} >= {k} {{\n{}break {label} ({done});\n{p2}}}\n{p2}{c} += 1;\n{body}{p1}}}\n{}}}",
            pad(ind + 3),
            pad(ind)
        )
    }

    /// Up to `n` statements (fewer when the function's budget runs out), each on its own lines.
    fn stmts(&mut self, ind: usize, n: i32) -> String {
        let mut out = String::new();
        for _ in 0..n {
            if self.budget <= 0 {
                break;
            }
            self.budget -= 1;
            let s = self.stmt(ind);
            out.push_str(&s);
        }
        out
    }

    fn block(&mut self, ind: usize) -> String {
        self.push_scope();
        let n = 1 + self.rng.below(3) as i32;
        let body = self.stmts(ind + 1, n);
        self.pop_scope();
        format!("{{\n{body}{}}}", pad(ind))
    }

    fn ret_value(&mut self, ind: usize) -> String {
        let e = self.expr(1, true, ind);
        match (self.ret, self.rng.below(3)) {
            (RetKind::Result, 0) => format!("Err({e})"),
            (RetKind::Result, _) => format!("Ok({e})"),
            (RetKind::Option, 0) => "None".to_string(),
            (RetKind::Option, _) => format!("Some({e})"),
        }
    }

    /// A statement that leaves the current block: `return`, or `break`/`continue` to a frame.
    fn diverge(&mut self, ind: usize) -> String {
        if self.frames.is_empty() || self.rng.one_in(3) {
            return format!("return {}", self.ret_value(ind));
        }
        let i = self.rng.below(self.frames.len() as u64) as usize;
        let innermost = i == self.frames.len() - 1;
        let (label, kind, in_exit) = (
            self.frames[i].label.clone(),
            self.frames[i].kind,
            self.frames[i].in_exit,
        );
        let label_it = !innermost || kind == FrameKind::Block || self.rng.one_in(2);
        let target = if label_it {
            format!(" {label}")
        } else {
            String::new()
        };
        match kind {
            FrameKind::Loop if self.rng.one_in(2) => format!("continue{target}"),
            FrameKind::Loop => format!("break{target}"),
            FrameKind::ValueLoop if self.rng.one_in(3) => {
                if in_exit {
                    format!("break{target} (0)")
                } else {
                    format!("continue{target}")
                }
            }
            FrameKind::ValueLoop | FrameKind::Block => {
                let e = self.expr(1, true, ind);
                format!("break{target} ({e})")
            }
        }
    }

    fn int_pattern(&mut self) -> (String, bool) {
        let name = INT_NAMES[self.rng.below(INT_NAMES.len() as u64) as usize];
        let mutable = self.rng.one_in(2);
        (name.to_string(), mutable)
    }

    fn let_int(&mut self, p: &str, ind: usize) -> String {
        let (name, mutable) = self.int_pattern();
        let e = self.expr(3, true, ind);
        self.declare(&name, false, mutable, Vec::new());
        let m = if mutable { "mut " } else { "" };
        format!("{p}let {m}{name} = {e};\n")
    }

    fn stmt(&mut self, ind: usize) -> String {
        let p = pad(ind);
        loop {
            let s = match self.rng.below(30) {
                0..=3 | 25 | 26 => self.let_int(&p, ind),
                4 => {
                    let (a, ma) = self.int_pattern();
                    let (mut b, mb) = self.int_pattern();
                    if b == a {
                        b = "x5".to_string();
                        if a == b {
                            b = "x4".to_string();
                        }
                    }
                    let ea = self.expr(2, true, ind);
                    let eb = self.expr(2, true, ind);
                    self.declare(&a, false, ma, Vec::new());
                    self.declare(&b, false, mb, Vec::new());
                    let (ma, mb) = (if ma { "mut " } else { "" }, if mb { "mut " } else { "" });
                    format!("{p}let ({ma}{a}, {mb}{b}) = ({ea}, {eb});\n")
                }
                5 | 6 => {
                    let name = DROP_NAMES[self.rng.below(DROP_NAMES.len() as u64) as usize];
                    let mutable = self.rng.one_in(2);
                    let site = self.site();
                    let e = self.expr(2, true, ind);
                    self.declare(name, true, mutable, vec![site]);
                    let m = if mutable { "mut " } else { "" };
                    format!("{p}let {m}{name} = D::new({site}, {e});\n")
                }
                7 => {
                    let name = DROP_NAMES[self.rng.below(DROP_NAMES.len() as u64) as usize];
                    let (x, mx) = self.int_pattern();
                    let site = self.site();
                    let e = self.expr(2, true, ind);
                    let ex = self.expr(2, true, ind);
                    self.declare(name, true, false, vec![site]);
                    self.declare(&x, false, mx, Vec::new());
                    let mx = if mx { "mut " } else { "" };
                    format!("{p}let ({name}, {mx}{x}) = (D::new({site}, {e}), {ex});\n")
                }
                8 => {
                    let (x, _) = self.int_pattern();
                    let e = self.expr(2, true, ind);
                    let scrut = if self.rng.one_in(2) {
                        format!("let Some({x}) = opt({e})")
                    } else {
                        format!("let Ok({x}) = chk({e})")
                    };
                    let div = self.diverge(ind + 1);
                    self.declare(&x, false, false, Vec::new());
                    format!("{p}{scrut} else {{\n{}{div};\n{p}}};\n", pad(ind + 1))
                }
                9 | 10 => {
                    let ints = self.visible(|v| !v.drop && v.mutable && v.assignable);
                    let Some(v) = self.pick(&ints) else { continue };
                    let name = self.vars[v].name.clone();
                    let e = self.expr(3, true, ind);
                    match self.rng.below(3) {
                        0 => format!("{p}{name} = {e};\n"),
                        1 => format!("{p}{name} ^= {e};\n"),
                        _ => format!("{p}{name} = i64::wrapping_add({name}, {e});\n"),
                    }
                }
                11 => {
                    let ds = self.visible(|v| v.drop && v.mutable && !v.moved);
                    let Some(v) = self.pick(&ds) else { continue };
                    let name = self.vars[v].name.clone();
                    if self.rng.one_in(2) {
                        self.mention(v);
                        // `d.set(..)` borrows `d` before its argument runs.
                        self.vars[v].moved = true;
                        let e = self.expr(2, false, ind);
                        self.vars[v].moved = false;
                        format!("{p}{name}.set({e});\n")
                    } else {
                        let site = self.site();
                        let e = self.expr(2, true, ind);
                        // coro decides what to keep per suspension point, not per path: a
                        // variable mentioned on one path and assigned afresh on another counts
                        // as mentioned, so its new value may go early too.
                        let was_mentioned = self.vars[v]
                            .sites
                            .iter()
                            .any(|&s| self.mentioned[s as usize]);
                        self.vars[v].sites.push(site);
                        if was_mentioned {
                            self.mentioned[site as usize] = true;
                        }
                        format!("{p}{name} = D::new({site}, {e});\n")
                    }
                }
                12..=14 => format!("{p}yield_!({});\n", self.expr(3, true, ind)),
                15 => {
                    let e = self.expr(3, true, ind);
                    format!("{p}mix({e}, 0);\n")
                }
                16 | 17 => {
                    let c = self.cond(2, true, ind);
                    let then = self.block(ind);
                    match self.rng.below(3) {
                        0 => format!("{p}if {c} {then}\n"),
                        1 => {
                            let other = self.block(ind);
                            format!("{p}if {c} {then} else {other}\n")
                        }
                        _ => {
                            let c2 = self.cond(2, true, ind);
                            let mid = self.block(ind);
                            let other = self.block(ind);
                            format!("{p}if {c} {then} else if {c2} {mid} else {other}\n")
                        }
                    }
                }
                18 => {
                    let x = format!("w{}", self.fresh());
                    let e = self.expr(2, true, ind);
                    self.push_scope();
                    self.declare(&x, false, false, Vec::new());
                    let chain = if self.rng.one_in(2) {
                        format!(" && {}", operand(self.cond(1, true, ind)))
                    } else {
                        String::new()
                    };
                    let then = self.block(ind);
                    self.pop_scope();
                    let other = self.block(ind);
                    format!("{p}if let Some({x}) = opt({e}){chain} {then} else {other}\n")
                }
                19 => {
                    let scrut = self.expr(2, true, ind);
                    let m = format!("m{}", self.fresh());
                    let p1 = pad(ind + 1);
                    let a0 = self.block(ind + 1);
                    self.push_scope();
                    self.declare(&m, false, false, Vec::new());
                    let k = self.rng.range(0, 6);
                    let a1 = self.block(ind + 1);
                    self.pop_scope();
                    let a2 = self.block(ind + 1);
                    format!(
                        "{p}match {scrut} {{\n{p1}0 | 3 => {a0}\n{p1}{m} if {m} < {k} => {a1}\n{p1}_ => {a2}\n{p}}}\n"
                    )
                }
                20 | 21 if self.loop_depth < MAX_LOOPS => self.loop_stmt(ind),
                22 => {
                    let b = self.block(ind);
                    format!("{p}{b}\n")
                }
                23 => {
                    let c = self.cond(1, true, ind);
                    let div = self.diverge(ind + 1);
                    format!("{p}if {c} {{\n{}{div};\n{p}}}\n", pad(ind + 1))
                }
                24 => {
                    let depth = self.loop_depth;
                    let owned = self.visible(|v| v.drop && !v.moved && v.loop_depth == depth);
                    let Some(v) = self.pick(&owned) else { continue };
                    self.mention(v);
                    self.vars[v].moved = true;
                    format!("{p}consume({});\n", self.vars[v].name)
                }
                27 if !self.subs.is_empty() => {
                    let (name, mutable) = self.int_pattern();
                    let e = self.yield_from(ind);
                    self.declare(&name, false, mutable, Vec::new());
                    let m = if mutable { "mut " } else { "" };
                    format!("{p}let {m}{name} = {e};\n")
                }
                _ => continue,
            };
            return s;
        }
    }

    fn loop_stmt(&mut self, ind: usize) -> String {
        let p = pad(ind);
        let p1 = pad(ind + 1);
        let n = self.fresh();
        let label = format!("'l{n}");
        let k = self.rng.range(0, 3);
        let kind = self.rng.below(5);
        // The header: what runs before the body is entered, and what the body may name.
        let mut pre = String::new();
        self.push_scope();
        let head = match kind {
            0 => {
                let i = format!("i{n}");
                let h = format!("for {i} in 0..{k}");
                self.loop_depth += 1;
                self.push_scope();
                self.declare(&i, false, false, Vec::new());
                h
            }
            1 => {
                let name = DROP_NAMES[self.rng.below(DROP_NAMES.len() as u64) as usize];
                let (s1, s2) = (self.site(), self.site());
                let (e1, e2) = (self.expr(1, true, ind), self.expr(1, true, ind));
                let h = format!("for {name} in [D::new({s1}, {e1}), D::new({s2}, {e2})]");
                self.loop_depth += 1;
                self.push_scope();
                self.declare(name, true, false, vec![s1, s2]);
                h
            }
            2 => {
                let c = format!("c{n}");
                let _ = writeln!(pre, "{p}let mut {c} = 0;");
                self.declare_counter(&c);
                // The condition runs every round: nothing in it may move an outer value, and
                // nothing in it may break out of an enclosing loop.
                self.loop_depth += 1;
                let frames = std::mem::take(&mut self.frames);
                let extra = if self.rng.one_in(2) {
                    format!(" && {}", operand(self.cond(1, true, ind)))
                } else {
                    String::new()
                };
                self.frames = frames;
                self.push_scope();
                format!("while {c} < {k}{extra}")
            }
            3 => {
                let c = format!("c{n}");
                let w = format!("w{n}");
                let _ = writeln!(pre, "{p}let mut {c} = 0;");
                self.declare_counter(&c);
                self.loop_depth += 1;
                let frames = std::mem::take(&mut self.frames);
                let e = self.expr(2, true, ind);
                self.frames = frames;
                self.push_scope();
                self.declare(&w, false, false, Vec::new());
                format!("while let Some({w}) = nxt({e}, &mut {c}, {k})")
            }
            _ => {
                let c = format!("c{n}");
                let _ = writeln!(pre, "{p}let mut {c} = 0;");
                self.declare_counter(&c);
                self.loop_depth += 1;
                self.push_scope();
                "loop".to_string()
            }
        };
        self.frames.push(Frame {
            label: label.clone(),
            kind: FrameKind::Loop,
            in_exit: false,
        });
        let mut body = String::new();
        match kind {
            2 => {
                let _ = writeln!(body, "{p1}c{n} += 1;");
            }
            4 => {
                let _ = writeln!(
                    body,
                    "{p1}if c{n} >= {k} {{\n{}break;\n{p1}}}",
                    pad(ind + 2)
                );
                let _ = writeln!(body, "{p1}c{n} += 1;");
            }
            _ => {}
        }
        let n_body = 1 + self.rng.below(4) as i32;
        body.push_str(&self.stmts(ind + 1, n_body));
        self.frames.pop();
        self.pop_scope();
        self.loop_depth -= 1;
        self.pop_scope();
        format!("{pre}{p}{label}: {head} {{\n{body}{p}}}\n")
    }
}

/// The program of `seed`.
pub fn generate(seed: u64) -> Program {
    let mut rng = Rng::new(seed);
    let ret = if rng.one_in(3) {
        RetKind::Option
    } else {
        RetKind::Result
    };
    let n_subs = rng.below(3) as usize;
    let arg = rng.range(-2, 6);
    let mut g = Gen {
        rng,
        ret,
        vars: Vec::new(),
        scopes: Vec::new(),
        frames: Vec::new(),
        loop_depth: 0,
        next_site: 0,
        mentioned: Vec::new(),
        uniq: 0,
        budget: 0,
        subs: Vec::new(),
    };
    let mut funcs = Vec::new();
    // Delegates last to first, so each may enter the ones after it.
    for i in (1..=n_subs).rev() {
        g.subs = ((i + 1)..=n_subs).map(|j| format!("sub{j}")).collect();
        let budget = 3 + g.rng.below(6) as i32;
        let body = function_body(&mut g, budget);
        funcs.push(Func {
            name: format!("sub{i}"),
            body,
        });
    }
    g.subs = (1..=n_subs).map(|j| format!("sub{j}")).collect();
    let budget = 8 + g.rng.below(18) as i32;
    let body = function_body(&mut g, budget);
    funcs.push(Func {
        name: "g".to_string(),
        body,
    });
    funcs.reverse();
    let mentioned_sites = (0..g.next_site)
        .filter(|&s| g.mentioned[s as usize])
        .collect();
    Program {
        seed,
        ret,
        funcs,
        mentioned_sites,
        arg,
    }
}

fn function_body(g: &mut Gen, budget: i32) -> String {
    g.vars.clear();
    g.scopes.clear();
    g.frames.clear();
    g.loop_depth = 0;
    g.budget = budget;
    g.push_scope();
    g.declare("r0", false, false, Vec::new());
    g.declare("a", false, false, Vec::new());
    let mut body = g.stmts(1, budget);
    let tail = g.ret_value(1);
    let _ = writeln!(body, "    {tail}");
    g.pop_scope();
    body
}

impl Program {
    /// The functions as `#[coro::coroutine]`s: the code under test.
    pub fn render_coro(&self) -> String {
        let ty = self.ret.ty();
        let mut out = String::new();
        for f in &self.funcs {
            let _ = write!(
                out,
                "#[coro::coroutine(yield = i64)]\npub fn {}(#[resume] r0: i64, a: i64) -> {ty} {{\n{}}}\n\n",
                f.name, f.body
            );
        }
        out
    }

    /// The functions as plain functions over a `Ctx` that scripts the resume values.
    pub fn render_plain(&self) -> String {
        let ty = self.ret.ty();
        let mut out = String::new();
        for f in &self.funcs {
            let _ = write!(
                out,
                "pub fn {}(__ctx: &mut Ctx, r0: i64, a: i64) -> {ty} {{\n\
                 \x20   macro_rules! yield_ {{ ($e:expr) => {{ {{ let __v = $e; __ctx.yield_(__v) }} }}; }}\n\
                 \x20   macro_rules! yield_from {{ ($s:ident($arg:expr), $first:expr) => {{ {{ let __a = $arg; let __f = $first; $s(__ctx, __f, __a) }} }}; }}\n\
                 {}}}\n\n",
                f.name, f.body
            );
        }
        out
    }

    /// The functions as nightly `#[coroutine]` closures (needs `coroutines`,
    /// `coroutine_trait` and `stmt_expr_attributes`).
    pub fn render_rustc(&self) -> String {
        let ty = self.ret.ty();
        let mut out = String::new();
        for f in &self.funcs {
            let _ = write!(
                out,
                "pub fn {}(a: i64) -> impl ::core::ops::Coroutine<i64, Yield = i64, Return = {ty}> {{\n\
                 #[coroutine] move |r0: i64| -> {ty} {{\n\
                 \x20   macro_rules! yield_ {{ ($e:expr) => {{ yield $e }}; }}\n\
                 \x20   macro_rules! yield_from {{ ($s:expr, $first:expr) => {{ {{\n\
                 \x20       let mut __s = $s;\n\
                 \x20       let mut __r = $first;\n\
                 \x20       loop {{\n\
                 \x20           match ::core::ops::Coroutine::resume(::core::pin::Pin::new(&mut __s), __r) {{\n\
                 \x20               ::core::ops::CoroutineState::Yielded(__y) => __r = yield __y,\n\
                 \x20               ::core::ops::CoroutineState::Complete(__c) => break __c,\n\
                 \x20           }}\n\
                 \x20       }}\n\
                 \x20   }} }}; }}\n\
                 {}}}\n}}\n\n",
                f.name, f.body
            );
        }
        out
    }
}

/// Which oracle a generated test file compares against.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Oracle {
    /// The plain function (oracle 1).
    Plain,
    /// rustc's own coroutine (oracle 2, nightly features).
    Rustc,
}

/// The generated test file for `seeds`: per program a module with the coroutines, the oracle's
/// rendering and two runners, and a `CASES` table for `coro_difftest::check_all`.
pub fn render_cases(seeds: &[u64], oracle: Oracle) -> String {
    let mut out = String::new();
    let mut table = String::new();
    for &seed in seeds {
        let p = generate(seed);
        let (side, run) = match oracle {
            Oracle::Plain => (
                p.render_plain(),
                format!(
                    "coro_difftest::run_plain(s, |ctx| {{ let first = ctx.first(); oracle_side::g(ctx, first, {}) }})",
                    p.arg
                ),
            ),
            Oracle::Rustc => (
                p.render_rustc(),
                format!(
                    "coro_difftest::run_coroutine(s, stop, || oracle_side::g({}), |g, arg| match ::core::ops::Coroutine::resume(g, arg) {{\n\
                     \x20       ::core::ops::CoroutineState::Yielded(y) => coro::CoroutineState::Yielded(y),\n\
                     \x20       ::core::ops::CoroutineState::Complete(r) => coro::CoroutineState::Complete(r),\n\
                     \x20   }})",
                    p.arg
                ),
            ),
        };
        let _ = write!(
            out,
            "pub mod p{seed} {{\n\
             pub mod coro_side {{\n#[allow(unused_imports)]\nuse coro_difftest::*;\n{}}}\n\
             pub mod oracle_side {{\n#[allow(unused_imports)]\nuse coro_difftest::*;\n{side}}}\n\
             pub fn under_test(s: coro_difftest::Script, stop: coro_difftest::Stop) -> coro_difftest::Trace {{\n\
             \x20   coro_difftest::run_coro(s, stop, || coro_side::g({}))\n}}\n\
             pub fn oracle(s: coro_difftest::Script, stop: coro_difftest::Stop) -> coro_difftest::Trace {{\n\
             \x20   let _ = stop;\n\
             \x20   {run}\n}}\n\
             }}\n",
            p.render_coro(),
            p.arg,
        );
        let _ = writeln!(
            table,
            "    coro_difftest::Case {{ seed: {seed}, source: {src:?}, mentioned_sites: &{sites:?}, \
             coro: p{seed}::under_test, oracle: p{seed}::oracle }},",
            src = p.render_coro(),
            sites = p.mentioned_sites,
        );
    }
    let _ = write!(
        out,
        "pub static CASES: &[coro_difftest::Case] = &[\n{table}];\n"
    );
    out
}

/// The seeds named by `DIFFTEST_SEEDS`: `A..B`, a comma-separated list, or a mix (`1,5..9`).
pub fn parse_seeds(spec: &str) -> Result<Vec<u64>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some((a, b)) = part.split_once("..") {
            let a: u64 = a
                .trim()
                .parse()
                .map_err(|_| format!("bad seed range `{part}`"))?;
            let b: u64 = b
                .trim()
                .parse()
                .map_err(|_| format!("bad seed range `{part}`"))?;
            out.extend(a..b);
        } else {
            out.push(part.parse().map_err(|_| format!("bad seed `{part}`"))?);
        }
    }
    Ok(out)
}
