//! Sorted key tables: "key\tindex" lines computed at build time for the
//! shipped places (build.rs), searched by bisection. Start-up only finds the
//! line starts; no name is normalised at run time unless a user file adds it.

pub struct KeyTable {
    text: String,
    starts: Vec<u32>,
}

impl KeyTable {
    pub fn new(text: String) -> KeyTable {
        let mut starts = Vec::with_capacity(text.len() / 12);
        let mut at = 0u32;
        for line in text.split_inclusive('\n') {
            starts.push(at);
            at += line.len() as u32;
        }
        KeyTable { text, starts }
    }

    fn line(&self, i: usize) -> (&str, u32) {
        let a = self.starts[i] as usize;
        let b = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&x| x as usize);
        let l = self.text[a..b].trim_end_matches('\n');
        let (k, v) = l.split_once('\t').unwrap_or((l, "0"));
        (k, v.parse().unwrap_or(0))
    }

    /// Indices of the places whose key equals `key`.
    pub fn get(&self, key: &str) -> Vec<u32> {
        let first = self.starts.partition_point(|&s| {
            let (k, _) = self.line_at(s);
            k < key
        });
        (first..self.starts.len())
            .map(|i| self.line(i))
            .take_while(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .collect()
    }

    fn line_at(&self, start: u32) -> (&str, u32) {
        let a = start as usize;
        let rest = &self.text[a..];
        let l = rest.split('\n').next().unwrap_or("");
        let (k, v) = l.split_once('\t').unwrap_or((l, "0"));
        (k, v.parse().unwrap_or(0))
    }

    /// Every (key, index) whose key starts with `prefix`, in key order (a
    /// contiguous range of the sorted table, found by bisection).
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, u32)> + 'a {
        let first = self.starts.partition_point(|&s| self.line_at(s).0 < prefix);
        (first..self.starts.len())
            .map(|i| self.line(i))
            .take_while(move |(k, _)| k.starts_with(prefix))
    }

    /// Every (key, index), in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        (0..self.starts.len()).map(|i| self.line(i))
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

impl Default for KeyTable {
    fn default() -> Self {
        KeyTable::new(String::new())
    }
}
