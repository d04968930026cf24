//! report.html: one page a reader can open without incimap or a network:
//! the period and summary figures, the overview and theatre maps, the
//! timeline, the top clusters and every incident (date, kind, place,
//! casualties, method, uncertainty) with a link to its source. Plain HTML
//! and CSS, no JavaScript; the images are the PNGs beside it.

use std::io::{self, Write};
use std::path::Path;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use crate::model::Located;
use crate::records::IncidentRecord;

/// A map on the page: its file (beside the page) and its title.
pub struct Figure {
    pub file: String,
    pub title: String,
}

/// A cluster line of the "top clusters" table.
pub struct ClusterRow {
    pub label: String,
    pub incidents: usize,
    pub killed: u32,
    pub wounded: u32,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

pub struct Page<'a> {
    pub period: String,
    pub reports_read: usize,
    pub merged: usize,
    /// Every incident, in output order (each row is made as it is written).
    pub located: &'a [Located],
    pub overview: Option<Figure>,
    pub theatres: Vec<Figure>,
    pub timeline: Option<Figure>,
    pub clusters: Vec<ClusterRow>,
    /// How clusters were found ("DBSCAN: 10 km, at least 3 incidents").
    pub cluster_rule: String,
    pub attribution: String,
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:24px auto;max-width:1400px;color:#1e1e1e;padding:0 16px}\
h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;margin-top:32px;border-bottom:1px solid #ccc}\
.period{color:#555;margin-top:0}table{border-collapse:collapse;font-size:13px}\
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f2f2f2}\
td.n{text-align:right}tr.unlocated td{background:#fff4f4}\
figure{margin:12px 0}figure img{max-width:100%;height:auto;border:1px solid #ccc}\
figcaption{font-weight:bold;margin-top:4px}table.figures td{font-size:15px}footer{margin-top:32px;color:#666;font-size:12px}";

pub fn write(w: &mut dyn Write, page: &Page, out_dir: &Path) -> io::Result<()> {
    let recs = || page.located.iter().map(IncidentRecord::from);
    let n = page.located.len();
    let (mut located, mut killed, mut wounded) = (0, 0u32, 0u32);
    let mut kinds: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for r in recs() {
        located += usize::from(r.lon.is_some());
        killed += r.killed.unwrap_or(0);
        wounded += r.wounded.unwrap_or(0);
        *kinds.entry(r.kind).or_insert(0) += 1;
    }
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        w,
        "<title>Incidents {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        text(&page.period)
    )?;
    writeln!(
        w,
        "<h1>Incidents, {}</h1>\n<p class=\"period\">{} incidents from {} report(s); {located} located</p>",
        text(&page.period),
        n,
        page.reports_read
    )?;
    writeln!(w, "<table class=\"figures\">")?;
    let mut figure = |label: &str, value: String| {
        writeln!(w, "<tr><th>{label}</th><td class=\"n\">{value}</td></tr>")
    };
    figure("reports read", page.reports_read.to_string())?;
    figure("incidents", n.to_string())?;
    figure("merged as reported twice", page.merged.to_string())?;
    figure("located", located.to_string())?;
    figure("could not be located", (n - located).to_string())?;
    figure("killed (as reported)", killed.to_string())?;
    figure("wounded (as reported)", wounded.to_string())?;
    writeln!(w, "</table>")?;
    let mut kinds: Vec<(&str, usize)> = kinds.into_iter().collect();
    kinds.sort_by_key(|(k, n)| (std::cmp::Reverse(*n), *k));
    let list: Vec<String> = kinds
        .iter()
        .map(|(k, n)| format!("{} {n}", text(&crate::model::kind_label(k))))
        .collect();
    writeln!(w, "<p>By kind: {}.</p>", list.join(", "))?;
    if let Some(f) = &page.overview {
        writeln!(w, "<h2>Overview</h2>")?;
        img(w, f)?;
    }
    if !page.theatres.is_empty() {
        writeln!(w, "<h2>Theatres</h2>")?;
        for f in &page.theatres {
            img(w, f)?;
        }
    }
    if let Some(f) = &page.timeline {
        writeln!(w, "<h2>Timeline</h2>")?;
        img(w, f)?;
    }
    if !page.clusters.is_empty() {
        writeln!(
            w,
            "<h2>Top clusters</h2>\n<p>{}</p>\n<table class=\"clusters\">\n<tr><th>cluster</th><th>incidents</th><th>killed</th><th>wounded</th><th>from</th><th>to</th></tr>",
            text(&page.cluster_rule)
        )?;
        for c in &page.clusters {
            writeln!(
                w,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                text(&c.label),
                c.incidents,
                c.killed,
                c.wounded,
                text(c.first_date.as_deref().unwrap_or("")),
                text(c.last_date.as_deref().unwrap_or(""))
            )?;
        }
        writeln!(w, "</table>")?;
    }
    writeln!(
        w,
        "<h2>Incidents</h2>\n<table class=\"incidents\">\n<tr><th>date</th><th>kind</th><th>place</th><th>killed</th><th>wounded</th><th>method</th><th>uncertainty (km)</th><th>source</th></tr>"
    )?;
    let mut links = Links::new(out_dir);
    for r in recs() {
        incident_row(w, &r, &mut links)?;
    }
    writeln!(w, "</table>")?;
    writeln!(
        w,
        "<footer>{}</footer>\n</body>\n</html>",
        text(&page.attribution)
    )
}

fn img(w: &mut dyn Write, f: &Figure) -> io::Result<()> {
    writeln!(
        w,
        "<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
        attr(&f.file),
        attr(&f.title),
        text(&f.title)
    )
}

/// "12 km SW of Idlib (on the road ...)" / the phrase, with the anchor.
fn place(r: &IncidentRecord) -> String {
    let phrase = r.location_text.as_deref().unwrap_or("");
    match (&r.anchor, r.lon) {
        (Some(a), Some(_)) if !phrase.is_empty() && !phrase.contains(a.as_str()) => {
            format!("{phrase} ({a})")
        }
        (Some(a), Some(_)) if phrase.is_empty() => a.clone(),
        _ => phrase.to_owned(),
    }
}

/// Links from the page to the source files, worked out once a file: a
/// year of reports has tens of thousands of rows but a few hundred files.
struct Links {
    dir: Option<std::path::PathBuf>,
    href: std::collections::HashMap<String, Option<String>>,
}

impl Links {
    fn new(out_dir: &Path) -> Links {
        Links {
            dir: out_dir.canonicalize().ok(),
            href: std::collections::HashMap::new(),
        }
    }

    /// The file relative to the page, when it exists.
    fn href(&mut self, source_file: &str) -> Option<&str> {
        if !self.href.contains_key(source_file) {
            let href = Path::new(source_file)
                .canonicalize()
                .ok()
                .filter(|p| p.is_file())
                .and_then(|p| pathdiff::diff_paths(&p, self.dir.as_deref()?))
                .map(|p| p.to_string_lossy().replace('\\', "/"));
            self.href.insert(source_file.to_owned(), href);
        }
        self.href.get(source_file)?.as_deref()
    }
}

/// The source as a link to the file (relative to the page) when it exists.
fn source_cell(r: &IncidentRecord, links: &mut Links) -> String {
    let label = format!("{}:{}", r.source_file, r.source_line);
    match links.href(&r.source_file) {
        Some(h) => format!("<a href=\"{}\">{}</a>", attr(h), text(&label)),
        None => text(&label).into_owned(),
    }
}

fn incident_row(w: &mut dyn Write, r: &IncidentRecord, links: &mut Links) -> io::Result<()> {
    let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    let (class, method) = match (&r.method, r.lon) {
        (Some(m), Some(_)) => ("incident", m.clone()),
        _ => (
            "incident unlocated",
            format!(
                "not located: {}",
                r.unresolved_reason.as_deref().unwrap_or("no place found")
            ),
        ),
    };
    writeln!(
        w,
        "<tr class=\"{class}\" id=\"{}\" title=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
        attr(&r.id),
        attr(&r.text),
        text(r.date.as_deref().unwrap_or("")),
        text(&crate::model::kind_label(r.kind)),
        text(&place(r)),
        num(r.killed),
        num(r.wounded),
        text(&method),
        r.uncertainty_km
            .map(|u| format!("{u:.1}"))
            .unwrap_or_default(),
        source_cell(r, links)
    )
}
