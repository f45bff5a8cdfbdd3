//! A subset of Notion's formula language, enough for the formulas tests write: literals,
//! `prop("Name")`, arithmetic, comparison, boolean logic, `if`/`ifs`, string concatenation and a
//! handful of functions (`concat`, `length`, `lower`, `upper`, `format`, `toNumber`, `abs`,
//! `round`, `floor`, `ceil`, `min`, `max`, `empty`, `contains`), called as `f(x, ..)` or `x.f(..)`.
//!
//! Parsing happens when a data source's schema is written (a bad expression is a
//! `validation_error`); evaluation happens on every read, against the page's current values.

use std::fmt;

/// A formula's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FValue {
    Null,
    Number(f64),
    Text(String),
    Bool(bool),
    /// A Notion date object `{start, end, time_zone}`.
    Date(serde_json::Value),
}

impl FValue {
    fn truthy(&self) -> bool {
        match self {
            FValue::Null => false,
            FValue::Number(n) => *n != 0.0,
            FValue::Text(s) => !s.is_empty(),
            FValue::Bool(b) => *b,
            FValue::Date(_) => true,
        }
    }

    fn as_number(&self) -> Option<f64> {
        match self {
            FValue::Number(n) => Some(*n),
            FValue::Bool(b) => Some(f64::from(u8::from(*b))),
            FValue::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as text, the way Notion's `format()` shows it.
    pub fn to_text(&self) -> String {
        match self {
            FValue::Null => String::new(),
            FValue::Number(n) => format_number(*n),
            FValue::Text(s) => s.clone(),
            FValue::Bool(b) => b.to_string(),
            FValue::Date(d) => d["start"].as_str().unwrap_or_default().to_owned(),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The result type of a formula, which decides the shape Notion returns
/// (`{"type":"number","number":..}`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FKind {
    Number,
    String,
    Boolean,
    Date,
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Literal(FValue),
    Prop(String),
    Unary(char, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

/// Binary operators, lowest precedence first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
}

/// Why a formula does not parse.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParseError(String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses a formula expression.
pub(crate) fn parse(source: &str) -> Result<Expr, ParseError> {
    let tokens = tokenize(source)?;
    if tokens.len() > MAX_TOKENS {
        // Long operator chains build deep trees that evaluation walks recursively.
        return Err(ParseError("Formula is too long".to_owned()));
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let expr = parser.expr(0)?;
    match parser.peek() {
        None => Ok(expr),
        Some(token) => Err(ParseError(format!("Unexpected {token:?}"))),
    }
}

/// The static result type, given the formula kind of each property (`prop_kind`).
pub(crate) fn infer(expr: &Expr, prop_kind: &dyn Fn(&str) -> FKind) -> FKind {
    match expr {
        Expr::Literal(FValue::Number(_)) => FKind::Number,
        Expr::Literal(FValue::Bool(_)) => FKind::Boolean,
        Expr::Literal(FValue::Date(_)) => FKind::Date,
        Expr::Literal(_) => FKind::String,
        Expr::Prop(name) => prop_kind(name),
        Expr::Unary('-', _) => FKind::Number,
        Expr::Unary(_, _) => FKind::Boolean,
        Expr::Binary(op, a, b) => match op {
            BinOp::Add => {
                if infer(a, prop_kind) == FKind::String || infer(b, prop_kind) == FKind::String {
                    FKind::String
                } else {
                    FKind::Number
                }
            }
            BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem | BinOp::Pow => FKind::Number,
            _ => FKind::Boolean,
        },
        Expr::Call(name, args) => match name.as_str() {
            "if" => args.get(1).map_or(FKind::String, |a| infer(a, prop_kind)),
            "ifs" => args.get(1).map_or(FKind::String, |a| infer(a, prop_kind)),
            "concat" | "lower" | "upper" | "format" | "join" => FKind::String,
            "empty" | "contains" | "not" | "and" | "or" | "equal" | "unequal" => FKind::Boolean,
            _ => FKind::Number,
        },
    }
}

/// Evaluates an expression, reading properties through `prop`.
pub(crate) fn eval(expr: &Expr, prop: &mut dyn FnMut(&str) -> FValue) -> FValue {
    match expr {
        Expr::Literal(v) => v.clone(),
        Expr::Prop(name) => prop(name),
        Expr::Unary('-', e) => eval(e, prop)
            .as_number()
            .map_or(FValue::Null, |n| FValue::Number(-n)),
        Expr::Unary(_, e) => FValue::Bool(!eval(e, prop).truthy()),
        Expr::Binary(op, a, b) => binary(*op, eval(a, prop), || eval(b, prop)),
        Expr::Call(name, args) => call(name, args, prop),
    }
}

fn binary(op: BinOp, left: FValue, right: impl FnOnce() -> FValue) -> FValue {
    match op {
        BinOp::Or => {
            if left.truthy() {
                FValue::Bool(true)
            } else {
                FValue::Bool(right().truthy())
            }
        }
        BinOp::And => {
            if left.truthy() {
                FValue::Bool(right().truthy())
            } else {
                FValue::Bool(false)
            }
        }
        _ => {
            let right = right();
            match op {
                BinOp::Eq => FValue::Bool(equal(&left, &right)),
                BinOp::Ne => FValue::Bool(!equal(&left, &right)),
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => compare(op, &left, &right),
                BinOp::Add => match (&left, &right) {
                    (FValue::Text(_), _) | (_, FValue::Text(_)) => {
                        FValue::Text(left.to_text() + &right.to_text())
                    }
                    _ => arithmetic(op, &left, &right),
                },
                _ => arithmetic(op, &left, &right),
            }
        }
    }
}

fn equal(left: &FValue, right: &FValue) -> bool {
    match (left.as_number(), right.as_number()) {
        (Some(a), Some(b)) if !matches!(left, FValue::Text(_)) => a == b,
        _ => left.to_text() == right.to_text(),
    }
}

fn compare(op: BinOp, left: &FValue, right: &FValue) -> FValue {
    let ordering = match (left, right) {
        (FValue::Text(a), FValue::Text(b)) => a.partial_cmp(b),
        (FValue::Date(_), FValue::Date(_)) => left.to_text().partial_cmp(&right.to_text()),
        _ => match (left.as_number(), right.as_number()) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => None,
        },
    };
    let Some(ordering) = ordering else {
        return FValue::Null;
    };
    FValue::Bool(match op {
        BinOp::Lt => ordering.is_lt(),
        BinOp::Le => ordering.is_le(),
        BinOp::Gt => ordering.is_gt(),
        _ => ordering.is_ge(),
    })
}

fn arithmetic(op: BinOp, left: &FValue, right: &FValue) -> FValue {
    let (Some(a), Some(b)) = (left.as_number(), right.as_number()) else {
        return FValue::Null;
    };
    let n = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div if b == 0.0 => return FValue::Null,
        BinOp::Div => a / b,
        BinOp::Rem if b == 0.0 => return FValue::Null,
        BinOp::Rem => a % b,
        _ => a.powf(b),
    };
    if n.is_finite() {
        FValue::Number(n)
    } else {
        FValue::Null
    }
}

fn call(name: &str, args: &[Expr], prop: &mut dyn FnMut(&str) -> FValue) -> FValue {
    // `if`/`ifs` evaluate lazily, like Notion.
    if name == "if" {
        return match args {
            [c, a, b] => {
                if eval(c, prop).truthy() {
                    eval(a, prop)
                } else {
                    eval(b, prop)
                }
            }
            _ => FValue::Null,
        };
    }
    if name == "ifs" {
        let mut pairs = args.chunks(2);
        for pair in pairs.by_ref() {
            match pair {
                [c, v] if eval(c, prop).truthy() => return eval(v, prop),
                [default] => return eval(default, prop),
                _ => {}
            }
        }
        return FValue::Null;
    }
    let values: Vec<FValue> = args.iter().map(|a| eval(a, prop)).collect();
    let number = |i: usize| values.get(i).and_then(FValue::as_number);
    let num = |f: fn(f64) -> f64| number(0).map_or(FValue::Null, |n| FValue::Number(f(n)));
    match name {
        "concat" | "join" => FValue::Text(values.iter().map(FValue::to_text).collect()),
        "length" => {
            FValue::Number(values.first().map_or(0, |v| v.to_text().chars().count()) as f64)
        }
        "lower" => FValue::Text(
            values
                .first()
                .map(FValue::to_text)
                .unwrap_or_default()
                .to_lowercase(),
        ),
        "upper" => FValue::Text(
            values
                .first()
                .map(FValue::to_text)
                .unwrap_or_default()
                .to_uppercase(),
        ),
        "format" => FValue::Text(values.first().map(FValue::to_text).unwrap_or_default()),
        "toNumber" => number(0).map_or(FValue::Null, FValue::Number),
        "abs" => num(f64::abs),
        "round" => num(f64::round),
        "floor" => num(f64::floor),
        "ceil" => num(f64::ceil),
        "sqrt" => num(f64::sqrt),
        "min" | "max" => {
            let numbers = values.iter().filter_map(FValue::as_number);
            let picked = if name == "min" {
                numbers.reduce(f64::min)
            } else {
                numbers.reduce(f64::max)
            };
            picked.map_or(FValue::Null, FValue::Number)
        }
        "empty" => FValue::Bool(values.first().is_none_or(|v| match v {
            FValue::Null => true,
            FValue::Text(s) => s.is_empty(),
            FValue::Number(n) => *n == 0.0,
            FValue::Bool(b) => !b,
            FValue::Date(_) => false,
        })),
        "contains" => FValue::Bool(match (values.first(), values.get(1)) {
            (Some(a), Some(b)) => a.to_text().contains(&b.to_text()),
            _ => false,
        }),
        "not" => FValue::Bool(!values.first().is_some_and(FValue::truthy)),
        "and" => FValue::Bool(values.iter().all(FValue::truthy)),
        "or" => FValue::Bool(values.iter().any(FValue::truthy)),
        "equal" => FValue::Bool(values.len() == 2 && equal(&values[0], &values[1])),
        "unequal" => FValue::Bool(values.len() == 2 && !equal(&values[0], &values[1])),
        "add" => arithmetic(BinOp::Add, arg(&values, 0), arg(&values, 1)),
        "subtract" => arithmetic(BinOp::Sub, arg(&values, 0), arg(&values, 1)),
        "multiply" => arithmetic(BinOp::Mul, arg(&values, 0), arg(&values, 1)),
        "divide" => arithmetic(BinOp::Div, arg(&values, 0), arg(&values, 1)),
        "mod" => arithmetic(BinOp::Rem, arg(&values, 0), arg(&values, 1)),
        "pow" => arithmetic(BinOp::Pow, arg(&values, 0), arg(&values, 1)),
        _ => FValue::Null,
    }
}

fn arg(values: &[FValue], i: usize) -> &FValue {
    values.get(i).unwrap_or(&FValue::Null)
}

const FUNCTIONS: &[&str] = &[
    "if", "ifs", "concat", "join", "length", "lower", "upper", "format", "toNumber", "abs",
    "round", "floor", "ceil", "sqrt", "min", "max", "empty", "contains", "not", "and", "or",
    "equal", "unequal", "add", "subtract", "multiply", "divide", "mod", "pow",
];

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(f64),
    Str(String),
    Ident(String),
    Op(&'static str),
    LParen,
    RParen,
    Comma,
    Dot,
}

fn tokenize(source: &str) -> Result<Vec<Token>, ParseError> {
    const OPS: &[&str] = &[
        "==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "^", "!",
    ];
    let mut tokens = Vec::new();
    let chars: Vec<char> = source.chars().collect();
    let mut i = 0;
    'outer: while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => tokens.push(Token::LParen),
            ')' => tokens.push(Token::RParen),
            ',' => tokens.push(Token::Comma),
            '.' if !chars.get(i + 1).is_some_and(char::is_ascii_digit) => tokens.push(Token::Dot),
            '"' | '\'' => {
                let mut text = String::new();
                i += 1;
                while i < chars.len() && chars[i] != c {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                    }
                    text.push(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(ParseError("Unterminated string".to_owned()));
                }
                tokens.push(Token::Str(text));
            }
            _ if c.is_ascii_digit() || c == '.' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n = text
                    .parse()
                    .map_err(|_| ParseError(format!("Invalid number {text}")))?;
                tokens.push(Token::Num(n));
                continue;
            }
            _ if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                tokens.push(Token::Ident(chars[start..i].iter().collect()));
                continue;
            }
            _ => {
                for op in OPS {
                    let len = op.chars().count();
                    if chars[i..].iter().take(len).copied().eq(op.chars()) {
                        tokens.push(Token::Op(op));
                        i += len;
                        continue 'outer;
                    }
                }
                return Err(ParseError(format!("Unexpected character {c}")));
            }
        }
        i += 1;
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Current recursion depth; bounded so a pathological expression is an error, not a stack
    /// overflow that would take the whole emulator down.
    depth: usize,
}

/// Deepest nesting of parentheses, calls and unary operators a formula may use.
const MAX_NESTING: usize = 128;

/// Most tokens a formula may have.
const MAX_TOKENS: usize = 1000;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn expect(&mut self, token: &Token) -> Result<(), ParseError> {
        match self.next() {
            Some(t) if &t == token => Ok(()),
            other => Err(ParseError(format!("Expected {token:?}, found {other:?}"))),
        }
    }

    fn binary_op(&self) -> Option<(BinOp, u8)> {
        let op = match self.peek()? {
            Token::Op(op) => *op,
            Token::Ident(word) if word == "or" => "||",
            Token::Ident(word) if word == "and" => "&&",
            _ => return None,
        };
        Some(match op {
            "||" => (BinOp::Or, 1),
            "&&" => (BinOp::And, 2),
            "==" => (BinOp::Eq, 3),
            "!=" => (BinOp::Ne, 3),
            "<" => (BinOp::Lt, 4),
            "<=" => (BinOp::Le, 4),
            ">" => (BinOp::Gt, 4),
            ">=" => (BinOp::Ge, 4),
            "+" => (BinOp::Add, 5),
            "-" => (BinOp::Sub, 5),
            "*" => (BinOp::Mul, 6),
            "/" => (BinOp::Div, 6),
            "%" => (BinOp::Rem, 6),
            "^" => (BinOp::Pow, 7),
            _ => return None,
        })
    }

    /// Precedence climbing; `^` is right-associative.
    fn expr(&mut self, min_prec: u8) -> Result<Expr, ParseError> {
        let mut left = self.unary()?;
        while let Some((op, prec)) = self.binary_op() {
            if prec < min_prec.max(1) {
                break;
            }
            self.pos += 1;
            let next_min = if op == BinOp::Pow { prec } else { prec + 1 };
            let right = self.expr(next_min)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        self.depth += 1;
        let result = self.unary_inner();
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Expr, ParseError> {
        if self.depth > MAX_NESTING {
            return Err(ParseError("Formula is nested too deeply".to_owned()));
        }
        match self.peek() {
            Some(Token::Op("-")) => {
                self.pos += 1;
                Ok(Expr::Unary('-', Box::new(self.unary()?)))
            }
            Some(Token::Op("!")) => {
                self.pos += 1;
                Ok(Expr::Unary('!', Box::new(self.unary()?)))
            }
            Some(Token::Ident(word)) if word == "not" => {
                self.pos += 1;
                Ok(Expr::Unary('!', Box::new(self.unary()?)))
            }
            _ => self.postfix(),
        }
    }

    fn postfix(&mut self) -> Result<Expr, ParseError> {
        let mut expr = self.primary()?;
        while self.peek() == Some(&Token::Dot) {
            self.pos += 1;
            let Some(Token::Ident(name)) = self.next() else {
                return Err(ParseError("Expected a function name after '.'".to_owned()));
            };
            let mut args = vec![expr];
            args.extend(self.arguments(&name)?);
            expr = Expr::Call(name, args);
        }
        Ok(expr)
    }

    fn arguments(&mut self, name: &str) -> Result<Vec<Expr>, ParseError> {
        if !FUNCTIONS.contains(&name) {
            return Err(ParseError(format!("Unknown function {name}")));
        }
        self.expect(&Token::LParen)?;
        let mut args = Vec::new();
        if self.peek() == Some(&Token::RParen) {
            self.pos += 1;
            return Ok(args);
        }
        loop {
            args.push(self.expr(0)?);
            match self.next() {
                Some(Token::Comma) => continue,
                Some(Token::RParen) => return Ok(args),
                other => return Err(ParseError(format!("Expected ',' or ')', found {other:?}"))),
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        match self.next() {
            Some(Token::Num(n)) => Ok(Expr::Literal(FValue::Number(n))),
            Some(Token::Str(s)) => Ok(Expr::Literal(FValue::Text(s))),
            Some(Token::LParen) => {
                let expr = self.expr(0)?;
                self.expect(&Token::RParen)?;
                Ok(expr)
            }
            Some(Token::Ident(word)) => match word.as_str() {
                "true" => Ok(Expr::Literal(FValue::Bool(true))),
                "false" => Ok(Expr::Literal(FValue::Bool(false))),
                "prop" => {
                    self.expect(&Token::LParen)?;
                    let Some(Token::Str(name)) = self.next() else {
                        return Err(ParseError("prop() takes a property name".to_owned()));
                    };
                    self.expect(&Token::RParen)?;
                    Ok(Expr::Prop(name))
                }
                _ => {
                    let args = self.arguments(&word)?;
                    Ok(Expr::Call(word, args))
                }
            },
            other => Err(ParseError(format!("Unexpected {other:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &str, props: &[(&str, FValue)]) -> FValue {
        let expr = parse(source).unwrap();
        eval(&expr, &mut |name| {
            props
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(FValue::Null, |(_, v)| v.clone())
        })
    }

    #[test]
    fn arithmetic_respects_precedence() {
        assert_eq!(run("1 + 2 * 3 - 4 / 2", &[]), FValue::Number(5.0));
        assert_eq!(run("(1 + 2) * 3", &[]), FValue::Number(9.0));
        assert_eq!(run("2 ^ 3 ^ 2", &[]), FValue::Number(512.0));
    }

    #[test]
    fn prop_reads_a_property_value() {
        let props = [
            ("Price", FValue::Number(10.0)),
            ("Qty", FValue::Number(3.0)),
        ];
        assert_eq!(
            run("prop(\"Price\") * prop(\"Qty\")", &props),
            FValue::Number(30.0)
        );
    }

    #[test]
    fn if_picks_a_branch_by_comparison() {
        let props = [("Score", FValue::Number(7.0))];
        let source = "if(prop(\"Score\") >= 5, \"pass\", \"fail\")";
        assert_eq!(run(source, &props), FValue::Text("pass".into()));
    }

    #[test]
    fn plus_concatenates_text() {
        let props = [("Name", FValue::Text("Ada".into()))];
        assert_eq!(
            run("\"Hi \" + prop(\"Name\") + \"!\"", &props),
            FValue::Text("Hi Ada!".into())
        );
        assert_eq!(
            run("concat(\"a\", \"b\", 1)", &[]),
            FValue::Text("ab1".into())
        );
    }

    #[test]
    fn method_calls_are_functions_with_the_receiver_first() {
        assert_eq!(run("\"abc\".length()", &[]), FValue::Number(3.0));
        assert_eq!(run("\"abc\".upper()", &[]), FValue::Text("ABC".into()));
    }

    #[test]
    fn boolean_logic_works_with_words_and_symbols() {
        assert_eq!(run("true and not false", &[]), FValue::Bool(true));
        assert_eq!(run("false || 1 == 1", &[]), FValue::Bool(true));
    }

    #[test]
    fn division_by_zero_is_empty() {
        assert_eq!(run("1 / 0", &[]), FValue::Null);
    }

    #[test]
    fn unknown_functions_do_not_parse() {
        assert!(parse("frobnicate(1)").is_err());
        assert!(parse("1 +").is_err());
    }

    #[test]
    fn deeply_nested_formulas_are_an_error_not_a_stack_overflow() {
        let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep).is_err());
        assert!(parse(&format!("{}1", "-".repeat(10_000))).is_err());
        assert!(parse(&vec!["1"; 5000].join("+")).is_err());
        let fine = format!("{}1{}", "(".repeat(50), ")".repeat(50));
        assert_eq!(parse(&fine), Ok(Expr::Literal(FValue::Number(1.0))));
    }

    #[test]
    fn infer_types_concatenation_as_string() {
        let expr = parse("prop(\"N\") + \"x\"").unwrap();
        assert_eq!(infer(&expr, &|_| FKind::Number), FKind::String);
    }
}
