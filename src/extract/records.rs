//! Record inputs: coded-event CSV exports (ACLED, UCDP GED, or any CSV with a
//! text column). Each row is one incident report of its own: its text is read
//! like prose, its country column is the context, its date column dates text
//! that gives none, and the coder's coordinates are kept beside the parse.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{Coded, LonLat};

/// One row of a record file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// 1-based line of the row in the file (the header is line 1).
    pub line: usize,
    pub id: Option<String>,
    pub text: String,
    /// ISO 3166-1 alpha-2 from the country column.
    pub country: Option<String>,
    pub date: Option<NaiveDate>,
    pub coded: Option<Coded>,
}

/// Column names a user sets on the command line (`--text-col` ...); `None`: detect.
#[derive(Debug, Clone, Default)]
pub struct ColumnNames {
    pub text: Option<String>,
    pub lat: Option<String>,
    pub lon: Option<String>,
    pub precision: Option<String>,
    pub country: Option<String>,
    pub id: Option<String>,
    pub date: Option<String>,
}

/// Header names tried in order for each field: ACLED exports, UCDP GED, then
/// generic names (the first present wins).
const TEXT: &[&str] = &["notes", "text", "description", "summary"];
/// UCDP GED has no notes column: its place description and headline are read together.
const UCDP_TEXT: &[&str] = &["where_description", "source_headline"];
const LAT: &[&str] = &["latitude", "lat", "y"];
const LON: &[&str] = &["longitude", "lon", "lng", "long", "x"];
const PRECISION: &[&str] = &["geo_precision", "where_prec", "precision", "specificity"];
const COUNTRY: &[&str] = &["country", "country_txt", "country_name", "country_code"];
const ID: &[&str] = &["event_id_cnty", "id", "data_id", "event_id", "eventid"];
const DATE: &[&str] = &["event_date", "date", "date_start", "iyear_imonth_iday"];

/// Where each field sits in a header row.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Text columns, joined with ". " (UCDP: description and headline).
    pub text: Vec<usize>,
    pub lat: Option<usize>,
    pub lon: Option<usize>,
    pub precision: Option<usize>,
    pub country: Option<usize>,
    pub id: Option<usize>,
    pub date: Option<usize>,
    /// The names, for messages.
    pub names: Vec<String>,
}

impl Columns {
    /// Detects the columns of `header`; a name the user gave must exist.
    pub fn detect(header: &[String], user: &ColumnNames) -> std::result::Result<Columns, String> {
        let lower: Vec<String> = header
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        let find = |given: &Option<String>, names: &[&str], flag: &str| {
            if let Some(g) = given {
                return match lower.iter().position(|h| *h == g.to_lowercase()) {
                    Some(i) => Ok(Some(i)),
                    None => Err(format!(
                        "{flag} {g}: no such column (columns: {})",
                        header.join(", ")
                    )),
                };
            }
            Ok(names.iter().find_map(|n| lower.iter().position(|h| h == n)))
        };
        let text = match &user.text {
            Some(_) => find(&user.text, &[], "--text-col")?.into_iter().collect(),
            None => match find(&None, TEXT, "")? {
                Some(i) => vec![i],
                None => UCDP_TEXT
                    .iter()
                    .filter_map(|n| lower.iter().position(|h| h == n))
                    .collect(),
            },
        };
        Ok(Columns {
            text,
            lat: find(&user.lat, LAT, "--lat-col")?,
            lon: find(&user.lon, LON, "--lon-col")?,
            precision: find(&user.precision, PRECISION, "--precision-col")?,
            country: find(&user.country, COUNTRY, "--country-col")?,
            id: find(&user.id, ID, "--id-col")?,
            date: find(&user.date, DATE, "--date-col")?,
            names: header.to_vec(),
        })
    }

    /// True when the header looks like a coded-event or record file rather
    /// than an incidents CSV written by incimap (which has `uncertainty_km`).
    pub fn is_record_header(header: &[String]) -> bool {
        let has = |n: &str| header.iter().any(|h| h.trim().eq_ignore_ascii_case(n));
        !has("uncertainty_km") && (TEXT.iter().any(|n| has(n)) || UCDP_TEXT.iter().any(|n| has(n)))
    }
}

/// A record file read whole: the rows, and the rows skipped with their reason.
#[derive(Debug, Clone, Default)]
pub struct RecordFile {
    pub records: Vec<Record>,
    /// (line, reason) for rows that could not be used.
    pub skipped: Vec<(usize, String)>,
    pub columns: Columns,
    /// What reading it noticed (an encoding other than UTF-8).
    pub warnings: Vec<String>,
}

/// What a caller needs of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Text only (mapping); coordinates are kept when present and valid.
    Text,
    /// Text and the coder's coordinates (evaluation, `--use-coded`): rows
    /// without valid coordinates are skipped.
    Coordinates,
}

/// True when `path` is a CSV whose header has a text column (not an incimap incidents CSV).
pub fn is_record_csv(path: &Path) -> bool {
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !is_csv {
        return false;
    }
    let Ok(mut r) = csv::ReaderBuilder::new().flexible(true).from_path(path) else {
        return false;
    };
    match r.headers() {
        Ok(h) => Columns::is_record_header(&h.iter().map(str::to_owned).collect::<Vec<_>>()),
        Err(_) => false,
    }
}

/// Reads a record CSV. Missing required columns are one error naming them;
/// bad rows are skipped and listed with their line.
pub fn read_csv(path: &Path, user: &ColumnNames, need: Need) -> Result<RecordFile> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_csv_bytes(path, &bytes, user, need)
}

/// As `read_csv`, for a file's bytes already read (`path` names it in messages).
pub fn read_csv_bytes(
    path: &Path,
    bytes: &[u8],
    user: &ColumnNames,
    need: Need,
) -> Result<RecordFile> {
    // Spreadsheet exports come as UTF-16 or Windows-1252 too.
    let (text, note) = crate::extract::input::decode_text(path, bytes)?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| csv_error(path, &e))?
        .iter()
        .map(str::to_owned)
        .collect();
    let cols = Columns::detect(&header, user).map_err(|message| Error::BadData {
        path: path.into(),
        message,
    })?;
    let mut missing = Vec::new();
    if cols.text.is_empty() {
        missing
            .push("a text column (notes, text, where_description or source_headline; --text-col)");
    }
    if need == Need::Coordinates {
        if cols.lat.is_none() {
            missing.push("latitude (latitude or lat; --lat-col)");
        }
        if cols.lon.is_none() {
            missing.push("longitude (longitude or lon; --lon-col)");
        }
    }
    if !missing.is_empty() {
        return Err(Error::BadData {
            path: path.into(),
            message: format!(
                "missing required column(s): {} (header: {})",
                missing.join("; "),
                header.join(", ")
            ),
        });
    }
    let mut out = RecordFile {
        columns: cols.clone(),
        warnings: note.into_iter().collect(),
        ..RecordFile::default()
    };
    for (i, row) in rdr.records().enumerate() {
        let row = row.map_err(|e| csv_error(path, &e))?;
        let line = row.position().map_or(i + 2, |p| p.line() as usize);
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let text = cols
            .text
            .iter()
            .filter_map(|&c| get(Some(c)))
            .collect::<Vec<_>>()
            .join(". ");
        if text.trim().is_empty() {
            out.skipped.push((line, "empty text".into()));
            continue;
        }
        let coded = match coded_point(get(cols.lat), get(cols.lon), get(cols.precision)) {
            Ok(c) => c,
            Err(e) if need == Need::Coordinates => {
                out.skipped.push((line, e));
                continue;
            }
            Err(_) => None,
        };
        if need == Need::Coordinates && coded.is_none() {
            out.skipped.push((line, "no coordinates".into()));
            continue;
        }
        out.records.push(Record {
            line,
            id: get(cols.id).map(str::to_owned),
            text,
            country: get(cols.country).and_then(crate::extract::vocab::country_code),
            date: get(cols.date).and_then(parse_record_date),
            coded,
        });
    }
    Ok(out)
}

fn csv_error(path: &Path, e: &csv::Error) -> Error {
    match e.position() {
        Some(p) => Error::BadRow {
            path: path.into(),
            line: p.line() as usize,
            message: format!("malformed CSV: {e}"),
        },
        None => Error::BadData {
            path: path.into(),
            message: format!("malformed CSV: {e}"),
        },
    }
}

/// The coder's point: both coordinates or neither.
fn coded_point(
    lat: Option<&str>,
    lon: Option<&str>,
    precision: Option<&str>,
) -> std::result::Result<Option<Coded>, String> {
    let (lat_s, lon_s) = match (lat, lon) {
        (None, None) => return Ok(None),
        (Some(a), Some(b)) => (a, b),
        _ => return Err("one coordinate is empty".into()),
    };
    let (Ok(lat), Ok(lon)) = (lat_s.parse::<f64>(), lon_s.parse::<f64>()) else {
        return Err(format!("coordinates '{lat_s}', '{lon_s}' are not numbers"));
    };
    let point = LonLat::new(lon, lat)
        .ok_or_else(|| format!("coordinates {lat_s}, {lon_s} are out of range"))?;
    if lon == 0.0 && lat == 0.0 {
        return Err("coordinates 0, 0 (a placeholder)".into());
    }
    let precision = precision
        .and_then(|p| p.parse::<f64>().ok())
        .map(|p| p as u8);
    Ok(Some(Coded { point, precision }))
}

/// Dates as coded datasets write them: ISO, "01 January 2016", "1/15/2016"
/// (ACLED's US exports), "15/01/2016", and timestamps with a time part.
pub fn parse_record_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.split(['T', ' ']).next().unwrap_or(s);
    const FORMATS: &[&str] = &["%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%d-%b-%Y"];
    for f in FORMATS {
        if let Ok(d) =
            NaiveDate::parse_from_str(head, f).or_else(|_| NaiveDate::parse_from_str(s, f))
        {
            return Some(d);
        }
    }
    // Numeric with slashes: day first unless only month first makes sense.
    let parts: Vec<&str> = head.split('/').collect();
    if let [a, b, y] = parts.as_slice() {
        let (a, b, y) = (
            a.parse::<u32>().ok()?,
            b.parse::<u32>().ok()?,
            y.parse::<i32>().ok()?,
        );
        let (d, m) = if a > 12 || b <= 12 { (a, b) } else { (b, a) };
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(h: &str) -> Vec<String> {
        h.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn detects_acled_ucdp_and_plain_headers() {
        let c = Columns::detect(
            &names("data_id,event_id_cnty,event_date,country,admin1,location,latitude,longitude,geo_precision,notes"),
            &ColumnNames::default(),
        )
        .unwrap();
        assert_eq!(
            (c.text.clone(), c.lat, c.lon, c.id, c.precision),
            (vec![9], Some(6), Some(7), Some(1), Some(8))
        );
        let c = Columns::detect(
            &names("id,year,country,where_coordinates,where_description,source_headline,latitude,longitude,where_prec,date_start"),
            &ColumnNames::default(),
        )
        .unwrap();
        assert_eq!(c.text, vec![4, 5]);
        let c = Columns::detect(
            &names("id,country,source_headline,latitude,longitude,where_prec"),
            &ColumnNames::default(),
        )
        .unwrap();
        assert_eq!(c.text, vec![2]);
        let user = ColumnNames {
            text: Some("body".into()),
            ..ColumnNames::default()
        };
        assert!(Columns::detect(&names("id,text"), &user).is_err());
        assert!(Columns::is_record_header(&names("id,notes,latitude")));
        assert!(!Columns::is_record_header(&names(
            "id,text,lon,lat,uncertainty_km"
        )));
    }

    #[test]
    fn record_dates() {
        for s in [
            "2016-01-05",
            "05 January 2016",
            "5 Jan 2016",
            "05/01/2016",
            "2016-01-05 00:00:00",
        ] {
            assert_eq!(
                parse_record_date(s).unwrap().to_string(),
                "2016-01-05",
                "{s}"
            );
        }
        assert_eq!(
            parse_record_date("1/25/2016").unwrap().to_string(),
            "2016-01-25"
        );
        assert!(parse_record_date("soon").is_none());
    }

    #[test]
    fn coordinates_are_checked() {
        assert!(coded_point(Some("x"), Some("1"), None).is_err());
        assert!(coded_point(Some("91"), Some("1"), None).is_err());
        assert!(coded_point(Some("1"), None, None).is_err());
        assert_eq!(coded_point(None, None, None), Ok(None));
        let c = coded_point(Some("4.5"), Some("44.8"), Some("2"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (c.point.lon, c.point.lat, c.precision),
            (44.8, 4.5, Some(2))
        );
    }
}
