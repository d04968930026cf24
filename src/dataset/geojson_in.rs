//! An incidents FeatureCollection read as a stream: one feature at a time
//! from a buffered reader, typed as it is parsed (no value tree of the file).
//! Memory holds about one read chunk, whatever the file's size.

use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, Seek, SeekFrom};
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::fields::{F, Field, Fields, Need};
use super::par::{self, CHUNK, Chunk, Parsed, Pick, Scanned, Work};
use super::{At, Checked, Raw, Record, Row, Strings, bad};
use crate::error::{Error, Result};
use crate::model::LonLat;

pub(super) fn scan(
    path: &Path,
    reader: &mut dyn BufRead,
    bom: u64,
    strings: &mut Strings,
    f: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<Vec<String>> {
    let mut state = State {
        path,
        strings,
        f,
        warnings: Vec::new(),
        features: 0,
    };
    let mut fr = Framer::new(reader, bom, CHUNK);
    collection(&mut fr, path, &mut |json, at| state.feature(json, at))
        .map_err(|e| stopped(path, e))?;
    Ok(state.warnings)
}

/// [`super::scan_par`] of a GeoJSON file: features framed on a reader
/// thread, parsed and checked on workers.
pub(super) fn scan_par<T: Send>(
    path: &Path,
    strings: &mut Strings,
    pick: &Pick,
    work: &Work<T>,
    sink: &mut dyn FnMut(Scanned<T>) -> Result<()>,
) -> Result<Vec<String>> {
    par::run(
        strings,
        |send| {
            let (mut reader, bom) = super::open(path)?;
            chunks(path, &mut reader, bom, send)
        },
        |c, out| parse_chunk(path, c, out, pick, work),
        sink,
    )
}

/// Frames the collection's features for [`super::par`]: chunks of about
/// [`CHUNK`] bytes of whole features, each feature's range and file offset.
fn chunks(
    path: &Path,
    reader: &mut dyn BufRead,
    bom: u64,
    send: &mut dyn FnMut(Chunk) -> bool,
) -> Result<()> {
    let mut chunk = Chunk::default();
    let mut features = 0u64;
    let mut fr = Framer::new(reader, bom, CHUNK);
    let framed = collection(&mut fr, path, &mut |json, at| {
        let start = chunk.bytes.len();
        chunk.bytes.extend_from_slice(json);
        chunk.spans.push((start..chunk.bytes.len(), at));
        features += 1;
        if chunk.bytes.len() >= CHUNK {
            let next = Chunk {
                first: features,
                ..Chunk::default()
            };
            if !send(std::mem::replace(&mut chunk, next)) {
                return Err(Error::Invalid("the reader stopped".into()));
            }
        }
        Ok(())
    });
    // The features framed before a syntax error are checked first: a bad
    // one among them is the error the file reports.
    if !chunk.spans.is_empty() && !send(chunk) {
        return Ok(());
    }
    framed.map_err(|e| stopped(path, e))
}

/// Checks the features of one chunk, in order, until the first bad one.
fn parse_chunk<T>(
    path: &Path,
    chunk: &Chunk,
    out: &mut Parsed<T>,
    pick: &Pick,
    work: &Work<T>,
) -> Result<()> {
    for (k, (span, byte)) in chunk.spans.iter().enumerate() {
        let json = &chunk.bytes[span.clone()];
        let n = (chunk.first + k as u64 + 1) as usize;
        let at = At {
            byte: *byte,
            line: 0,
            record: (n - 1) as u64,
        };
        let Some(need) = pick(&at) else {
            continue;
        };
        if need == Need::NONE {
            // The text alone (see `Need::NONE`): nothing parsed here.
            let row = Row::new(None);
            let made = work(&Record {
                id: "",
                row: &row,
                at,
                raw: Raw::Json(json),
            })?;
            out.push("", row, at, None, made);
            continue;
        }
        let c = checked(path, json, n, need)?;
        let row = c.fields.row(c.point, &mut out.strings);
        let id = c.fields.id().unwrap_or("");
        let made = work(&Record {
            id,
            row: &row,
            at,
            raw: Raw::Json(json),
        })?;
        out.push(id, row, at, c.warning, made);
    }
    Ok(())
}

/// Reads the features starting at `at` again, one seek and a small read each.
pub(super) fn reread(
    path: &Path,
    at: &[At],
    strings: &mut Strings,
    f: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<()> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut state = State {
        path,
        strings,
        f,
        warnings: Vec::new(),
        features: 0,
    };
    for a in at {
        file.seek(SeekFrom::Start(a.byte))
            .map_err(|e| Error::io(path, e))?;
        let mut reader = std::io::BufReader::with_capacity(1 << 14, &mut file);
        let mut fr = Framer::new(&mut reader, a.byte, 1 << 14);
        let r = fr.value().map_err(|e| stopped(path, e))?;
        let byte = fr.absolute(r.start);
        state.features = a.record as usize;
        state.feature(&fr.buf[r], byte)?;
    }
    Ok(())
}

fn stopped(path: &Path, e: Stop) -> Error {
    match e {
        Stop::Syntax(m) => bad(path, format!("not valid GeoJSON: {m}")),
        Stop::Io(e) => Error::io(path, e),
        Stop::Record(e) => e,
    }
}

/// Why a read stopped.
enum Stop {
    Syntax(String),
    Io(std::io::Error),
    Record(Error),
}

/// The top level: `{"type": "FeatureCollection", "features": [...], ...}`,
/// members in any order; features go to `state` one by one.
fn collection(
    fr: &mut Framer,
    path: &Path,
    feature: &mut dyn FnMut(&[u8], u64) -> Result<()>,
) -> Result<(), Stop> {
    fr.expect(b'{')?;
    let mut is_collection = false;
    let mut first = true;
    loop {
        match fr.peek()? {
            Some(b'}') if first => {
                fr.pos += 1;
                break;
            }
            _ => {}
        }
        first = false;
        let key: String = fr.parse_value()?;
        fr.expect(b':')?;
        match key.as_str() {
            "type" => {
                let t: Value = fr.parse_value()?;
                if t != "FeatureCollection" {
                    return Err(Stop::Record(bad(
                        path,
                        "GeoJSON is not a FeatureCollection of incidents",
                    )));
                }
                is_collection = true;
            }
            "features" => {
                fr.expect(b'[')?;
                if fr.peek()? == Some(b']') {
                    fr.pos += 1;
                } else {
                    loop {
                        let r = fr.value()?;
                        let at = fr.absolute(r.start);
                        feature(&fr.buf[r], at).map_err(Stop::Record)?;
                        match fr.next_byte()? {
                            Some(b',') => {}
                            Some(b']') => break,
                            _ => return Err(fr.syntax("expected ',' or ']' after a feature")),
                        }
                    }
                }
            }
            _ => {
                // Other members ("name", "crs", "bbox") must still be JSON.
                let _: IgnoredAny = fr.parse_value()?;
            }
        }
        match fr.next_byte()? {
            Some(b',') => {}
            Some(b'}') => break,
            _ => return Err(fr.syntax("expected ',' or '}' after a member")),
        }
    }
    if fr.peek()?.is_some() {
        return Err(fr.syntax("trailing characters after the collection"));
    }
    if !is_collection {
        return Err(Stop::Record(bad(
            path,
            "GeoJSON is not a FeatureCollection of incidents",
        )));
    }
    Ok(())
}

/// Frames JSON values in a buffered stream: finds where each value ends
/// (strings and nesting tracked, nothing parsed) so serde_json parses one
/// feature at a time from a slice, with no value tree of the file.
struct Framer<'r> {
    r: &'r mut dyn BufRead,
    buf: Vec<u8>,
    pos: usize,
    /// File offset of the reader's first byte.
    base: u64,
    /// Bytes dropped from the front of `buf` so far.
    dropped: usize,
    chunk: usize,
    eof: bool,
}

impl<'r> Framer<'r> {
    fn new(r: &'r mut dyn BufRead, base: u64, chunk: usize) -> Framer<'r> {
        Framer {
            r,
            buf: Vec::with_capacity(2 * chunk),
            pos: 0,
            base,
            dropped: 0,
            chunk,
            eof: false,
        }
    }

    /// The file offset of `buf[i]`.
    fn absolute(&self, i: usize) -> u64 {
        self.base + (self.dropped + i) as u64
    }

    fn syntax(&self, what: &str) -> Stop {
        Stop::Syntax(format!("{what} at byte {}", self.absolute(self.pos) + 1))
    }

    /// Reads more input; false at the end of the file.
    fn fill(&mut self) -> Result<bool, Stop> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > self.chunk {
            self.buf.drain(..self.pos);
            self.dropped += self.pos;
            self.pos = 0;
        }
        let start = self.buf.len();
        self.buf.resize(start + self.chunk, 0);
        let n = loop {
            match self.r.read(&mut self.buf[start..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Stop::Io(e)),
            }
        };
        self.buf.truncate(start + n);
        self.eof = n == 0;
        Ok(n > 0)
    }

    /// The next byte that is not whitespace (not consumed).
    fn peek(&mut self) -> Result<Option<u8>, Stop> {
        loop {
            while let Some(&b) = self.buf.get(self.pos) {
                if !b.is_ascii_whitespace() {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    fn next_byte(&mut self) -> Result<Option<u8>, Stop> {
        let b = self.peek()?;
        if b.is_some() {
            self.pos += 1;
        }
        Ok(b)
    }

    fn expect(&mut self, want: u8) -> Result<(), Stop> {
        match self.next_byte()? {
            Some(b) if b == want => Ok(()),
            Some(_) => {
                self.pos -= 1;
                Err(self.syntax(&format!("expected '{}'", want as char)))
            }
            None => Err(Stop::Syntax(format!(
                "the file ends where '{}' was expected",
                want as char
            ))),
        }
    }

    /// The range of the next whole value in `buf` (consumed).
    fn value(&mut self) -> Result<std::ops::Range<usize>, Stop> {
        if self.peek()?.is_none() {
            return Err(Stop::Syntax(
                "the file ends where a value was expected".into(),
            ));
        }
        loop {
            // `fill` drops consumed bytes, so the value starts at `pos` anew each round.
            let start = self.pos;
            if let Some(len) = value_len(&self.buf[start..], self.eof) {
                self.pos = start + len;
                return Ok(start..start + len);
            }
            if !self.fill()? {
                return Err(Stop::Syntax(
                    "the file ends inside a value (truncated?)".into(),
                ));
            }
        }
    }

    fn parse_value<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, Stop> {
        let r = self.value()?;
        serde_json::from_slice(&self.buf[r]).map_err(|e| self.syntax(&e.to_string()))
    }
}

/// The length of the JSON value at the start of `b`; None when `b` ends
/// before it does (and more input may follow).
fn value_len(b: &[u8], eof: bool) -> Option<usize> {
    match *b.first()? {
        b'"' => string_len(b),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        i += string_len(&b[i..])?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            // A number or literal: up to the next delimiter.
            match b
                .iter()
                .position(|c| matches!(c, b',' | b']' | b'}') || c.is_ascii_whitespace())
            {
                Some(n) => Some(n.max(1)),
                None if eof => Some(b.len()),
                None => None,
            }
        }
    }
}

/// The length of the string at the start of `b`, quotes included.
fn string_len(b: &[u8]) -> Option<usize> {
    let mut i = 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', &b[i..])?;
        if b[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
        if i > b.len() {
            return None;
        }
    }
}

struct State<'s> {
    path: &'s Path,
    strings: &'s mut Strings,
    f: &'s mut dyn FnMut(&Record) -> Result<()>,
    warnings: Vec<String>,
    features: usize,
}

impl State<'_> {
    /// One feature (`json`, starting at file offset `byte`).
    fn feature(&mut self, json: &[u8], byte: u64) -> Result<()> {
        self.features += 1;
        let n = self.features;
        let c = checked(self.path, json, n, Need::ALL)?;
        self.warnings.extend(c.warning);
        let row = c.fields.row(c.point, self.strings);
        (self.f)(&Record {
            id: c.fields.id().unwrap_or(""),
            row: &row,
            at: At {
                byte,
                line: 0,
                record: (n - 1) as u64,
            },
            raw: Raw::Json(json),
        })
    }
}

/// The point and id of feature number `n` as the reader gives them (for a
/// feature that was checked before); None if it does not read.
pub(super) fn point_and_id(json: &[u8], n: u64) -> Option<(Option<LonLat>, String)> {
    let c = checked(Path::new(""), json, n as usize, Need::of(&[F::Id])).ok()?;
    Some((c.point, c.fields.id()?.to_owned()))
}

/// Parses and checks feature number `n` (from 1).
fn checked<'j>(path: &Path, json: &'j [u8], n: usize, need: Need) -> Result<Checked<'j>> {
    let at = |m: String| bad(path, format!("feature {n}: {m}"));
    let mut fields = Fields::new();
    let mut geometry = None;
    let mut kind = None;
    FeatureSeed {
        fields: &mut fields,
        need,
        geometry: &mut geometry,
        kind: &mut kind,
    }
    .deserialize(&mut serde_json::Deserializer::from_slice(json))
    .map_err(|e| at(format!("not a Feature: {e}")))?;
    match kind.as_deref() {
        Some("Feature") => {}
        Some(other) => return Err(at(format!("type '{other}' is not Feature"))),
        None => return Err(at("not a Feature: no \"type\": \"Feature\"".into())),
    }
    let point = match &geometry {
        None => None,
        Some(g) if g.kind == "Point" => {
            let c: Vec<f64> = g
                .coordinates
                .map(|c| serde_json::from_str(c.get()))
                .transpose()
                .map_err(|e| at(format!("coordinates are not numbers: {e}")))?
                .unwrap_or_default();
            Some(
                LonLat::new(
                    c.first().copied().unwrap_or(f64::NAN),
                    c.get(1).copied().unwrap_or(f64::NAN),
                )
                .ok_or_else(|| at("coordinates out of range".into()))?,
            )
        }
        Some(g) => return Err(at(format!("geometry {} is not a Point", g.kind))),
    };
    if need.has(F::Id) && matches!(fields.get(F::Id), Field::Null) {
        fields.set(F::Id, Field::Str(Cow::Owned(format!("feature-{n}"))));
    }
    let warning = fields
        .check(point)
        .map_err(at)?
        .map(|w| format!("{}: feature {n}: {w}", path.display()));
    Ok(Checked {
        point,
        fields,
        warning,
    })
}

/// A feature parsed in one pass: its type and geometry kept, its properties into [`Fields`].
struct FeatureSeed<'f, 'a> {
    fields: &'f mut Fields<'a>,
    need: Need,
    geometry: &'f mut Option<GeometryIn<'a>>,
    kind: &'f mut Option<Cow<'a, str>>,
}

impl<'a> DeserializeSeed<'a> for FeatureSeed<'_, 'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'a> Visitor<'a> for FeatureSeed<'_, 'a> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON Feature")
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<MemberKey>()? {
            match key {
                MemberKey::Type => *self.kind = Some(map.next_value::<BorrowedStr>()?.0),
                MemberKey::Geometry => *self.geometry = map.next_value()?,
                MemberKey::Properties => {
                    map.next_value_seed(PropsSeed(&mut *self.fields, self.need))?;
                }
                MemberKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The members of a Feature a reader looks at.
enum MemberKey {
    Type,
    Geometry,
    Properties,
    Other,
}

impl<'de> Deserialize<'de> for MemberKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MemberKey, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = MemberKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<MemberKey, E> {
                Ok(match s {
                    "type" => MemberKey::Type,
                    "geometry" => MemberKey::Geometry,
                    "properties" => MemberKey::Properties,
                    _ => MemberKey::Other,
                })
            }
        }
        d.deserialize_str(V)
    }
}

#[derive(Deserialize)]
struct GeometryIn<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    coordinates: Option<&'a RawValue>,
}

/// Fills [`Fields`] from a properties object; other properties are skipped.
struct PropsSeed<'f, 'a>(&'f mut Fields<'a>, Need);

impl<'a> DeserializeSeed<'a> for PropsSeed<'_, 'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
        // Any: `null` properties are no properties.
        d.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for PropsSeed<'_, 'a> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of properties")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(FieldKey(key)) = map.next_key()? {
            match key {
                Some(f) if self.1.has(f) => {
                    let FieldDe(v) = map.next_value()?;
                    self.0.set(f, v);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct FieldKey(Option<F>);

impl<'de> Deserialize<'de> for FieldKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FieldKey, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FieldKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<FieldKey, E> {
                Ok(FieldKey(F::of(s)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A string, borrowed when the text has no escapes.
pub(super) struct BorrowedStr<'a>(pub Cow<'a, str>);

impl<'a> Deserialize<'a> for BorrowedStr<'a> {
    fn deserialize<D: Deserializer<'a>>(d: D) -> Result<BorrowedStr<'a>, D::Error> {
        struct V;
        impl<'a> Visitor<'a> for V {
            type Value = BorrowedStr<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'a str) -> Result<BorrowedStr<'a>, E> {
                Ok(BorrowedStr(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<BorrowedStr<'a>, E> {
                Ok(BorrowedStr(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A property value: strings borrowed when the text has no escapes.
struct FieldDe<'a>(Field<'a>);

impl<'a> Deserialize<'a> for FieldDe<'a> {
    fn deserialize<D: Deserializer<'a>>(d: D) -> Result<FieldDe<'a>, D::Error> {
        struct V;
        impl<'a> Visitor<'a> for V {
            type Value = FieldDe<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a property value")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'a str) -> Result<FieldDe<'a>, E> {
                Ok(FieldDe(Field::Str(Cow::Borrowed(s))))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<FieldDe<'a>, E> {
                Ok(FieldDe(Field::Str(Cow::Owned(s.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<FieldDe<'a>, E> {
                Ok(FieldDe(Field::Str(Cow::Owned(s))))
            }
            fn visit_unit<E: de::Error>(self) -> Result<FieldDe<'a>, E> {
                Ok(FieldDe(Field::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<FieldDe<'a>, E> {
                Ok(FieldDe(Field::Null))
            }
            fn visit_some<D: Deserializer<'a>>(self, d: D) -> Result<FieldDe<'a>, D::Error> {
                FieldDe::deserialize(d)
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<FieldDe<'a>, E> {
                Ok(FieldDe(Field::Other(Box::new(Value::Bool(b)))))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<FieldDe<'a>, E> {
                Ok(FieldDe(Field::Num(n.into())))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<FieldDe<'a>, E> {
                Ok(FieldDe(Field::Num(n.into())))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<FieldDe<'a>, E> {
                // As serde_json's Value: a number that is not finite is null.
                Ok(FieldDe(
                    serde_json::Number::from_f64(n).map_or(Field::Null, Field::Num),
                ))
            }
            fn visit_seq<A: SeqAccess<'a>>(self, seq: A) -> Result<FieldDe<'a>, A::Error> {
                Value::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(|v| FieldDe(Field::Other(Box::new(v))))
            }
            fn visit_map<A: MapAccess<'a>>(self, map: A) -> Result<FieldDe<'a>, A::Error> {
                Value::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|v| FieldDe(Field::Other(Box::new(v))))
            }
        }
        d.deserialize_any(V)
    }
}
