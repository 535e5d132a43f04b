//! Finding where keys and values are written in front matter, so that messages point at them
//! (the YAML parser gives values without positions).

use crate::diagnostics::Pos;

/// Finds positions of keys and values in the YAML text, for messages.
pub struct Locator<'a> {
    lines: Vec<&'a str>,
    /// 1-based file line of the YAML's first line.
    first_line: usize,
}

impl<'a> Locator<'a> {
    /// A locator for `yaml`, whose first line is line `first_line` (1-based) of the file.
    pub fn new(yaml: &'a str, first_line: usize) -> Self {
        Locator {
            lines: yaml.lines().collect(),
            first_line,
        }
    }

    /// The position of the first line of the YAML.
    pub fn start(&self) -> Pos {
        Pos::new(self.first_line, 1)
    }

    /// The index of the line where top-level `key` is written.
    fn key_index(&self, key: &str) -> Option<usize> {
        self.lines.iter().position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.starts_with(':') || r.trim_start().starts_with(':'))
        })
    }

    /// The line where top-level `key` is written, or `""`.
    pub fn key_line(&self, key: &str) -> &'a str {
        self.key_index(key).map(|i| self.lines[i]).unwrap_or("")
    }

    /// Where top-level `key` is written (its first column), or the first line.
    pub fn key(&self, key: &str) -> Pos {
        self.key_index(key)
            .map(|i| Pos::new(self.first_line + i, 1))
            .unwrap_or(self.start())
    }

    /// Lines of a top-level key's block: its own line and the indented or `-` lines after it.
    fn block(&self, key: &str) -> std::ops::Range<usize> {
        let Some(start) = self.key_index(key) else {
            return 0..0;
        };
        let mut end = start + 1;
        while end < self.lines.len() {
            let l = self.lines[end];
            let top = !l.is_empty() && !l.starts_with([' ', '\t', '-', '#']);
            if top {
                break;
            }
            end += 1;
        }
        start..end
    }

    /// The position of `needle` inside the block of `key`, or the key's position.
    pub fn value(&self, key: &str, needle: &str) -> Pos {
        for i in self.block(key) {
            if let Some(col) = self.lines[i].find(needle) {
                let col = self.lines[i][..col].chars().count() + 1;
                return Pos::new(self.first_line + i, col);
            }
        }
        self.key(key)
    }

    /// The position of the `index`-th list item of `key`'s block.
    pub fn item(&self, key: &str, index: usize) -> Pos {
        let items: Vec<usize> = self
            .block(key)
            .filter(|&i| self.lines[i].trim_start().starts_with("- "))
            .collect();
        match items.get(index) {
            Some(&i) => {
                let col = self.lines[i].len() - self.lines[i].trim_start().len() + 1;
                Pos::new(self.first_line + i, col)
            }
            None => self.key(key),
        }
    }

    /// The text of the `index`-th list item of `key`'s block, as written (after `- `).
    pub fn item_text(&self, key: &str, index: usize) -> Option<&'a str> {
        self.block(key)
            .filter_map(|i| self.lines[i].trim_start().strip_prefix("- "))
            .nth(index)
            .map(str::trim_end)
    }
}
