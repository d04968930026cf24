//! Briefing maps: one theatre map per country section of the bundled report
//! (frames checked through the world files), the legend panel and locator
//! inset, the timeline, report.html (read by a headless Chromium when it is
//! installed: CI installs it) and SVG text as Qt and librsvg draw it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use incimap::render::{layout, style};
use serde_json::Value;

use crate::common::{fixture, incimap};

/// An incident no gazetteer holds, so the run has an unlocated one.
const UNLOCATABLE: &str = "Bulletin\n\nOn May 20, 2020, gunmen killed two farmers in Qqzxville.\n";

/// One `map` run shared by the tests here: the bundled report plus one unlocatable incident.
fn run() -> &'static Path {
    static RUN: OnceLock<tempfile::TempDir> = OnceLock::new();
    RUN.get_or_init(|| {
        let d = tempfile::tempdir().expect("tmp");
        std::fs::write(d.path().join("odd.txt"), UNLOCATABLE).expect("write");
        incimap()
            .current_dir(d.path())
            .arg("map")
            .arg(fixture("spotlight-2020-05-21.txt"))
            .arg("odd.txt")
            .args(["-o", "out", "--quiet"])
            .assert()
            .success();
        d
    })
    .path()
}

fn out(name: &str) -> PathBuf {
    run().join("out").join(name)
}

struct Incident {
    id: String,
    country: String,
    lon: f64,
    lat: f64,
}

fn located() -> Vec<Incident> {
    let mut r = csv::Reader::from_path(out("incidents.csv")).expect("csv");
    let h = r.headers().expect("header").clone();
    let col = |n: &str| h.iter().position(|x| x == n).expect("column");
    let (id, c, lon, lat) = (col("id"), col("country"), col("lon"), col("lat"));
    r.records()
        .map(|x| x.expect("row"))
        .filter(|x| !x[lon].is_empty())
        .map(|x| Incident {
            id: x[id].to_owned(),
            country: x[c].to_owned(),
            lon: x[lon].parse().expect("lon"),
            lat: x[lat].parse().expect("lat"),
        })
        .collect()
}

/// (file, title) of every theatre map, from report.html's figures.
fn theatre_maps() -> Vec<(String, String)> {
    let html = std::fs::read_to_string(out("report.html")).expect("report");
    let re =
        regex::Regex::new(r#"<figure><img src="(map-[^"]+\.png)" alt="([^"]*)">"#).expect("re");
    re.captures_iter(&html)
        .map(|c| (c[1].to_owned(), html_unescape(&c[2])))
        .collect()
}

fn html_unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
}

/// Pixel of a lon/lat through a map's world file.
fn pixel(pgw: &Path, lon: f64, lat: f64) -> (f64, f64) {
    let v: Vec<f64> = std::fs::read_to_string(pgw)
        .expect("world file")
        .lines()
        .map(|l| l.trim().parse().expect("number"))
        .collect();
    ((lon - v[4]) / v[0] + 0.5, (lat - v[5]) / v[3] + 0.5)
}

const COUNTRIES: [(&str, &str); 6] = [
    ("SY", "Syria"),
    ("IQ", "Iraq"),
    ("EG", "Egypt"),
    ("NG", "Nigeria"),
    ("TD", "Chad"),
    ("CD", "Dem. Rep. Congo"),
];

#[test]
fn a_theatre_map_per_country_section_frames_its_incidents() {
    let maps = theatre_maps();
    let files: Vec<String> = std::fs::read_dir(run().join("out"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|f| f.starts_with("map-") && f.ends_with(".png"))
        .collect();
    assert_eq!(files.len(), maps.len(), "{files:?} vs {maps:?}");
    assert!(maps.len() <= 8, "{maps:?}");
    let incidents = located();
    let mut per_country: BTreeMap<&str, usize> = BTreeMap::new();
    for i in &incidents {
        *per_country.entry(&i.country).or_insert(0) += 1;
    }
    // Every country with at least 3 located incidents has a region map named after it.
    for (code, n) in &per_country {
        if *n < 3 {
            continue;
        }
        let name = COUNTRIES
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| *n)
            .unwrap_or_else(|| panic!("unexpected country {code} with {n} incidents"));
        assert!(
            maps.iter()
                .any(|(_, t)| !t.contains(':') && t.contains(name)
                    || t.starts_with(&format!("{name}:"))),
            "no theatre map for {name}: {maps:?}"
        );
    }
    let clusters: Value =
        serde_json::from_str(&std::fs::read_to_string(out("clusters.geojson")).expect("c"))
            .expect("json");
    let (w, h) = image::image_dimensions(out("map.png")).expect("png");
    let frame = layout(w, h).map;
    let (fw, fh) = ((frame.2 - frame.0) as f64, (frame.3 - frame.1) as f64);
    for (file, title) in &maps {
        // Its incidents: the countries its title names, or a cluster's members for a close-up.
        let members: Vec<&Incident> = match title.split_once(": ") {
            Some((_, label))
                if !COUNTRIES.iter().any(|(_, n)| label.contains(n))
                    && label.ends_with(" area") =>
            {
                let ids: Vec<&str> = clusters["features"]
                    .as_array()
                    .expect("features")
                    .iter()
                    .find(|f| f["properties"]["label"] == label)
                    .map(|f| {
                        f["properties"]["member_ids"]
                            .as_str()
                            .expect("ids")
                            .split(';')
                            .collect()
                    })
                    .unwrap_or_else(|| panic!("{title}: no cluster {label}"));
                incidents
                    .iter()
                    .filter(|i| ids.contains(&i.id.as_str()))
                    .collect()
            }
            _ => incidents
                .iter()
                .filter(|i| {
                    COUNTRIES
                        .iter()
                        .any(|(c, n)| *c == i.country && title.contains(n))
                })
                .collect(),
        };
        assert!(members.len() >= 3, "{title}: {} incidents", members.len());
        let pgw = out(&file.replace(".png", ".pgw"));
        for m in members {
            let (x, y) = pixel(&pgw, m.lon, m.lat);
            let (fx, fy) = ((x - frame.0 as f64) / fw, (y - frame.1 as f64) / fh);
            assert!(
                (0.02..=0.98).contains(&fx) && (0.02..=0.98).contains(&fy),
                "{title}: {} at ({x:.0}, {y:.0}) is within 2% of the frame edge or outside",
                m.id
            );
        }
    }
}

/// Pixels of exactly `c` inside a box of an image.
fn count_colour(
    img: &image::RgbImage,
    b: (i32, i32, i32, i32),
    c: plotters::style::RGBColor,
) -> usize {
    count_near(img, b, c, 0)
}

/// Pixels within `tol` of `c` in every channel (text is anti-aliased).
fn count_near(
    img: &image::RgbImage,
    b: (i32, i32, i32, i32),
    c: plotters::style::RGBColor,
    tol: u8,
) -> usize {
    let mut n = 0;
    for y in b.1.max(0)..b.3.min(img.height() as i32) {
        for x in b.0.max(0)..b.2.min(img.width() as i32) {
            let p = img.get_pixel(x as u32, y as u32).0;
            if p.iter()
                .zip([c.0, c.1, c.2])
                .all(|(a, b)| a.abs_diff(b) <= tol)
            {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn theatre_maps_have_a_locator_inset_and_every_map_says_what_was_not_located() {
    let overview = image::open(out("map.png")).expect("png").to_rgb8();
    let lay = layout(overview.width(), overview.height());
    let p = lay.panel;
    let inset = (p.0, p.1, p.2, p.1 + (p.2 - p.0));
    assert_eq!(
        count_colour(&overview, inset, style::LOCATOR),
        0,
        "overview has no inset"
    );
    for (file, title) in theatre_maps() {
        let img = image::open(out(&file)).expect("png").to_rgb8();
        assert!(
            count_colour(&img, inset, style::LOCATOR) > 40,
            "{title}: no locator frame in the inset"
        );
        assert!(
            count_near(&img, p, style::NOTE, 20) > 20,
            "{title}: no unlocated note"
        );
    }
    assert!(
        count_near(&overview, p, style::NOTE, 20) > 20,
        "overview: no unlocated note"
    );
    // Kinds in the legend: each kind's colour is in the panel.
    let kinds: std::collections::BTreeSet<String> = {
        let mut r = csv::Reader::from_path(out("incidents.csv")).expect("csv");
        let h = r.headers().expect("h").clone();
        let k = h.iter().position(|x| x == "kind").expect("kind");
        let lon = h.iter().position(|x| x == "lon").expect("lon");
        r.records()
            .map(|x| x.expect("row"))
            .filter(|x| !x[lon].is_empty())
            .map(|x| x[k].to_owned())
            .collect()
    };
    for k in kinds {
        assert!(
            count_colour(&overview, p, style::kind_colour(&k)) > 10,
            "legend lacks {k}"
        );
    }
}

#[test]
fn a_map_of_only_located_incidents_has_no_unlocated_note() {
    let d = tempfile::tempdir().expect("tmp");
    incimap()
        .current_dir(d.path())
        .args(["map", "-o", "o", "--quiet", "--size", "900x700"])
        .assert()
        .success();
    let img = image::open(d.path().join("o/map.png"))
        .expect("png")
        .to_rgb8();
    let p = layout(900, 700).panel;
    assert_eq!(count_near(&img, p, style::NOTE, 20), 0);
    let html = std::fs::read_to_string(d.path().join("o/report.html")).expect("html");
    assert!(!html.contains("class=\"incident unlocated\""));
}

#[test]
fn an_undated_report_maps_without_a_timeline() {
    let d = tempfile::tempdir().expect("tmp");
    std::fs::write(
        d.path().join("r.txt"),
        "Nigeria\n\nGunmen attacked a checkpoint in Maiduguri, killing two soldiers.\n",
    )
    .expect("write");
    incimap()
        .current_dir(d.path())
        .args(["map", "r.txt", "-o", "o", "--quiet"])
        .assert()
        .success();
    assert!(d.path().join("o/map.png").is_file());
    assert!(!d.path().join("o/timeline.png").exists());
    let html = std::fs::read_to_string(d.path().join("o/report.html")).expect("html");
    assert!(!html.contains("timeline.png") && html.contains("Incidents, undated"));
}

#[test]
fn the_timeline_stacks_incidents_per_day_in_kind_colours() {
    let img = image::open(out("timeline.png"))
        .expect("timeline")
        .to_rgb8();
    assert_eq!(img.dimensions(), (1600, 520));
    for k in ["ied", "armed_attack", "arrest"] {
        assert!(
            count_colour(&img, (0, 0, 1340, 520), style::kind_colour(k)) > 500,
            "no {k} bars"
        );
    }
}

/// Incident rows of report.html.
fn report_rows(html: &str) -> usize {
    html.matches("<tr class=\"incident").count()
}

#[test]
fn the_report_page_holds_every_map_the_timeline_and_one_row_per_incident() {
    let html = std::fs::read_to_string(out("report.html")).expect("report");
    let n_csv = csv::Reader::from_path(out("incidents.csv"))
        .expect("csv")
        .records()
        .count();
    assert_eq!(report_rows(&html), n_csv);
    assert_eq!(html.matches("class=\"incident unlocated\"").count(), 1);
    for f in ["map.png", "timeline.png"] {
        assert!(html.contains(&format!("<img src=\"{f}\"")), "{f}");
    }
    for (file, _) in theatre_maps() {
        assert!(out(&file).is_file(), "{file} referenced but missing");
    }
    assert!(!html.contains("<script"), "no JavaScript");
    // The source link of a report on disk points at it, relative to the page.
    assert!(
        html.contains("<a href=\"../odd.txt\">odd.txt:3</a>"),
        "source link"
    );
}

fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        assert!(
            std::env::var_os("INCIMAP_REQUIRE_CHROMIUM").is_none(),
            "INCIMAP_REQUIRE_CHROMIUM is set but no Chromium is installed"
        );
        eprintln!("Chromium not installed: report.html browser check skipped (CI installs it)");
    }
    found
}

fn headless(browser: &str) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--allow-file-access-from-files",
    ]);
    c
}

#[test]
fn a_headless_browser_draws_the_report_with_every_image_loaded() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let shot = dir.path().join("shot.png");
    let page = format!("file://{}", out("report.html").display());
    let o = headless(browser)
        .arg("--window-size=1280,3000")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&page)
        .output()
        .expect("chromium");
    assert!(
        shot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let img = image::open(&shot).expect("png").to_rgb8();
    let colours: std::collections::HashSet<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    assert!(
        colours.len() > 200,
        "the page looks blank: {} colours",
        colours.len()
    );
    // The map's land colour is on screen: an image was drawn, not only text.
    assert!(count_colour(&img, (0, 0, 1280, 3000), style::LAND) > 10_000);
    // Every image decoded, and the table as the browser parsed it: a copy of the
    // page with a probe that writes what it saw into the DOM (the page has no script).
    let html = std::fs::read_to_string(out("report.html")).expect("report");
    let probe = html.replace(
        "</body>",
        "<script>window.addEventListener('load',()=>{document.body.dataset.images=[...document.images].map(i=>i.getAttribute('src')+'='+i.naturalWidth).join(' ');document.body.dataset.rows=document.querySelectorAll('table.incidents tr.incident').length;})</script></body>",
    );
    let probe_path = out("probe.html");
    std::fs::write(&probe_path, probe).expect("probe");
    let o = headless(browser)
        .arg("--dump-dom")
        .arg(format!("file://{}", probe_path.display()))
        .output()
        .expect("chromium");
    std::fs::remove_file(&probe_path).ok();
    let dom = String::from_utf8_lossy(&o.stdout);
    let images = regex::Regex::new(r#"data-images="([^"]*)""#)
        .expect("re")
        .captures(&dom)
        .map(|c| c[1].to_owned())
        .unwrap_or_else(|| panic!("probe did not run: {}", &dom[..dom.len().min(300)]));
    let loaded: Vec<&str> = images.split(' ').collect();
    assert_eq!(loaded.len(), theatre_maps().len() + 2, "{images}");
    for l in &loaded {
        assert!(!l.ends_with("=0"), "image not drawn: {l}");
    }
    assert!(
        dom.contains(&format!("data-rows=\"{}\"", report_rows(&html))),
        "rows as the browser parsed them"
    );
}

/// First/last dark rows and first dark column of the title (top left of the image).
fn title_box(png: &Path) -> (u32, u32, u32) {
    let img = image::open(png).expect("png").to_rgb8();
    let dark: Vec<(u32, u32)> = (0..30)
        .flat_map(|y| (0..700).map(move |x| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0.iter().all(|&c| c < 100))
        .collect();
    assert!(!dark.is_empty(), "{}: no title drawn", png.display());
    let top = dark.iter().map(|p| p.1).min().expect("some");
    let bottom = dark.iter().map(|p| p.1).max().expect("some");
    let left = dark.iter().map(|p| p.0).min().expect("some");
    (top, bottom, left)
}

#[test]
fn svg_text_sits_where_the_png_puts_it_in_qt_and_librsvg() {
    let has_qt = Command::new("/usr/bin/python3")
        .args(["-c", "import PyQt5.QtSvg"])
        .output()
        .is_ok_and(|o| o.status.success());
    let has_rsvg = Command::new("rsvg-convert")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !(has_qt && has_rsvg) {
        assert!(
            std::env::var_os("INCIMAP_REQUIRE_QGIS").is_none(),
            "INCIMAP_REQUIRE_QGIS is set but Qt SVG or rsvg-convert is missing"
        );
        eprintln!("Qt SVG or rsvg-convert not installed: SVG rendering check skipped");
        return;
    }
    let d = tempfile::tempdir().expect("tmp");
    for f in ["m.svg", "m.png"] {
        incimap()
            .current_dir(run().join("out"))
            .args(["render", "incidents.geojson", "--title", "Test theatre"])
            .arg("-o")
            .arg(d.path().join(f))
            .assert()
            .success();
    }
    let svg = std::fs::read_to_string(d.path().join("m.svg")).expect("svg");
    assert!(!svg.contains(" dy=\"") && !svg.contains("incimap-sans"));
    let qt = d.path().join("qt.png");
    let o = Command::new("/usr/bin/python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/qt/render_svg.py"))
        .arg(d.path().join("m.svg"))
        .arg(&qt)
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .expect("python3");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rsvg = d.path().join("rsvg.png");
    let o = Command::new("rsvg-convert")
        .arg(d.path().join("m.svg"))
        .arg("-o")
        .arg(&rsvg)
        .output()
        .expect("rsvg");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = title_box(&d.path().join("m.png"));
    for (name, other) in [("Qt", &qt), ("librsvg", &rsvg)] {
        let b = title_box(other);
        for (what, a, c) in [
            ("top", png.0, b.0),
            ("bottom", png.1, b.1),
            ("left", png.2, b.2),
        ] {
            assert!(
                a.abs_diff(c) <= 2,
                "{name}: title {what} at {c}, the PNG's at {a}"
            );
        }
    }
}
