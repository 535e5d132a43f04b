//! Finding where keys and values are written in front matter, so that messages point at them
//! (the YAML parser gives values without positions).

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::Pos;

/// Finds positions of keys and values in the YAML text, for messages.
///
/// The text is indexed once, so that finding a key or a list item costs the same whatever the
/// size of the front matter (checking a list of `n` items stays linear in `n`).
pub struct Locator<'a> {
    lines: Vec<&'a str>,
    /// 1-based file line of the YAML's first line.
    first_line: usize,
    /// Each top-level key (its first occurrence): its block's lines and its list items' lines.
    blocks: HashMap<&'a str, Block>,
}

/// The lines of a top-level key's block: its own line and the indented or `-` lines after it.
struct Block {
    lines: Range<usize>,
    /// The lines of the block that start a list item (`- `).
    items: Vec<usize>,
}

/// Whether a line starts a new top-level entry (ending the block before it).
fn is_top_level(line: &str) -> bool {
    !line.is_empty() && !line.starts_with([' ', '\t', '-', '#'])
}

impl<'a> Locator<'a> {
    /// A locator for `yaml`, whose first line is line `first_line` (1-based) of the file.
    pub fn new(yaml: &'a str, first_line: usize) -> Self {
        let lines: Vec<&'a str> = yaml.lines().collect();
        let mut blocks: HashMap<&'a str, Block> = HashMap::new();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let mut end = i + 1;
            while end < lines.len() && !is_top_level(lines[end]) {
                end += 1;
            }
            if let Some((key, _)) = line.split_once(':').filter(|_| is_top_level(line)) {
                let items = (i..end)
                    .filter(|&j| lines[j].trim_start().starts_with("- "))
                    .collect();
                blocks.entry(key.trim_end()).or_insert(Block {
                    lines: i..end,
                    items,
                });
            }
            i = end;
        }
        Locator {
            lines,
            first_line,
            blocks,
        }
    }

    /// The position of the first line of the YAML.
    pub fn start(&self) -> Pos {
        Pos::new(self.first_line, 1)
    }

    /// The index of the line where top-level `key` is written.
    fn key_index(&self, key: &str) -> Option<usize> {
        self.blocks.get(key).map(|b| b.lines.start)
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
    fn block(&self, key: &str) -> Range<usize> {
        self.blocks.get(key).map_or(0..0, |b| b.lines.clone())
    }

    /// The lines of the list items of `key`'s block.
    fn items(&self, key: &str) -> &[usize] {
        self.blocks.get(key).map_or(&[], |b| b.items.as_slice())
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
        match self.items(key).get(index) {
            Some(&i) => {
                let col = self.lines[i].len() - self.lines[i].trim_start().len() + 1;
                Pos::new(self.first_line + i, col)
            }
            None => self.key(key),
        }
    }

    /// The text of the `index`-th list item of `key`'s block, as written (after `- `).
    pub fn item_text(&self, key: &str, index: usize) -> Option<&'a str> {
        let &i = self.items(key).get(index)?;
        self.lines[i]
            .trim_start()
            .strip_prefix("- ")
            .map(str::trim_end)
    }
}
