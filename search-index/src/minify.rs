//! A conservative whitespace and comment stripper for the runtime (`loupe-search.js`).
//!
//! It only removes comments, indentation, blank lines and spaces that cannot separate two
//! tokens; it never adds a character, never renames, and keeps every line break between two
//! tokens (so automatic semicolon insertion sees the same lines). It tokenizes strings and
//! regular expression literals so that it never touches their content, and gives up (the
//! caller keeps the original) on anything it does not fully understand: template literals,
//! backslashes outside strings and regexes, line continuations, a `/` after `}`, `+` or `-`
//! (where division and regex cannot be told apart without parsing), HTML-like comments,
//! unterminated strings, regexes or comments.

/// Characters no multi-character JavaScript punctuator contains: a space next to one of
/// them never separates two parts of one token.
const SAFE: &[char] = &['(', ')', '[', ']', '{', '}', ';', ',', ':', '~'];

/// Keywords after which a `/` starts a regular expression.
const BEFORE_REGEX: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Word,
    Str,
    Regex,
    Slash,
    Punct,
}

/// The stripped source, or `None` when the source has something the stripper does not handle.
pub fn strip_js(src: &str) -> Option<String> {
    if src.contains("<!--") || src.contains("-->") {
        return None;
    }
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    // Last token: its kind and text; whether a space / a line break came since.
    let mut last: Option<(Kind, String)> = None;
    let (mut space, mut newline) = (false, false);
    // For each open `(`: was it preceded by `if`, `while`, `for` or `with`?
    let mut parens: Vec<bool> = Vec::new();
    // After a `)`: did it close such a head (then a `/` starts a regex)?
    let mut closed_head = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let kind;
        if c == '\n' || c == '\r' || c == '\u{2028}' || c == '\u{2029}' {
            newline = true;
            i += 1;
            continue;
        } else if c.is_whitespace() {
            space = true;
            i += 1;
            continue;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' && chars[i] != '\r' {
                i += 1;
            }
            continue;
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            let mut j = i + 2;
            loop {
                if j + 1 >= chars.len() {
                    return None;
                }
                if chars[j] == '*' && chars[j + 1] == '/' {
                    break;
                }
                j += 1;
            }
            if chars[i..j].iter().any(|&c| c == '\n' || c == '\r') {
                newline = true;
            } else {
                space = true;
            }
            i = j + 2;
            continue;
        } else if c == '`' || c == '\\' {
            return None;
        } else if c == '\'' || c == '"' {
            i += 1;
            loop {
                match chars.get(i) {
                    None | Some('\n') | Some('\r') => return None,
                    Some('\\') => {
                        if matches!(chars.get(i + 1), None | Some('\n') | Some('\r')) {
                            return None;
                        }
                        i += 2;
                    }
                    Some(&q) if q == c => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            kind = Kind::Str;
        } else if c == '/' {
            let regex = match &last {
                None => true,
                Some((Kind::Word, w)) => BEFORE_REGEX.contains(&w.as_str()),
                Some((Kind::Str | Kind::Regex, _)) => false,
                Some((Kind::Slash, _)) => true,
                Some((Kind::Punct, p)) => {
                    let l = p.chars().last().unwrap_or(' ');
                    match l {
                        '}' | '+' | '-' => return None,
                        ')' => closed_head,
                        ']' => false,
                        _ => true,
                    }
                }
            };
            i += 1;
            if regex {
                let mut class = false;
                loop {
                    match chars.get(i) {
                        None | Some('\n') | Some('\r') => return None,
                        Some('\\') => {
                            if matches!(chars.get(i + 1), None | Some('\n') | Some('\r')) {
                                return None;
                            }
                            i += 2;
                        }
                        Some('[') => {
                            class = true;
                            i += 1;
                        }
                        Some(']') => {
                            class = false;
                            i += 1;
                        }
                        Some('/') if !class => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                while i < chars.len() && is_word(chars[i]) {
                    i += 1;
                }
                kind = Kind::Regex;
            } else {
                kind = Kind::Slash;
            }
        } else if is_word(c) {
            while i < chars.len() && is_word(chars[i]) {
                i += 1;
            }
            kind = Kind::Word;
        } else {
            // A run of punctuation, as written (never split, never joined to another run
            // unless a SAFE character is on either side).
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !is_word(chars[i])
                && !matches!(chars[i], '/' | '\'' | '"' | '`' | '\\')
            {
                let p = chars[i];
                if p == '(' {
                    let head = matches!(&last, Some((Kind::Word, w)) if ["if", "while", "for", "with"].contains(&w.as_str()));
                    parens.push(head);
                }
                if p == ')' {
                    closed_head = parens.pop()?;
                }
                i += 1;
                if p == '(' || p == ')' {
                    break;
                }
            }
            kind = Kind::Punct;
        }
        let text: String = chars[start..i].iter().collect();
        if let Some((lk, lt)) = &last {
            if newline {
                out.push('\n');
            } else if space {
                let a = lt.chars().last().unwrap_or(' ');
                let b = text.chars().next().unwrap_or(' ');
                let keep = a == '/'
                    || b == '/'
                    || (is_word(a) && is_word(b))
                    || (*lk == Kind::Word
                        && lt.starts_with(|c: char| c.is_ascii_digit())
                        && b == '.')
                    || (*lk == Kind::Punct
                        && kind == Kind::Punct
                        && !SAFE.contains(&a)
                        && !SAFE.contains(&b));
                if keep {
                    out.push(' ');
                }
            }
        }
        out.push_str(&text);
        if kind != Kind::Punct || !text.ends_with(')') {
            closed_head = false;
        }
        last = Some((kind, text));
        space = false;
        newline = false;
    }
    if !parens.is_empty() {
        return None;
    }
    out.push('\n');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::strip_js;

    #[test]
    fn strips_comments_indentation_and_safe_spaces() {
        let src = "/* head */\nvar a = b + +c; // note\n  if (x) /a b/.test(s);\n\n  y = a / 2 / /c d/g.exec(z) [0];\n";
        assert_eq!(
            strip_js(src).unwrap(),
            "var a=b+ +c;\nif(x) /a b/.test(s);\ny=a / 2 / /c d/g.exec(z)[0];\n"
        );
        // Strings and regex classes are kept as they are.
        assert_eq!(
            strip_js("s = 'a  // b' + \"c /* d\" + (/[/ ]x/) ;").unwrap(),
            "s='a  // b'+\"c /* d\"+(/[/ ]x/);\n"
        );
        // Words, numbers and keywords keep their separating space; line breaks stay.
        assert_eq!(
            strip_js("return typeof x\n  in y\nvar n = 1 .toString()").unwrap(),
            "return typeof x\nin y\nvar n=1 .toString()\n"
        );
    }

    #[test]
    fn gives_up_on_what_it_does_not_understand() {
        for src in [
            "x = `a ${b}`;",
            "}\n/a/.test(s)",
            "a++ / 2",
            "var s = 'a\\\nb';",
            "x = 'open",
            "/* open",
            "a <!-- b",
            "var \\u0061 = 1;",
            "f(a",
        ] {
            assert_eq!(strip_js(src), None, "{src}");
        }
    }

    #[test]
    fn the_runtime_is_stripped() {
        let out = strip_js(crate::RUNTIME_JS).expect("the runtime must be strippable");
        assert!(out.len() < crate::RUNTIME_JS.len() * 85 / 100);
        assert!(!out.contains("/*") && !out.contains("\n "));
    }
}
