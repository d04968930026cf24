//! The timeline chart: incidents per day (per week or month over long
//! periods) stacked by kind, with the kinds' colours of the maps.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

use super::style::{self, FONT, kind_colour, kind_label};
use crate::dataset::Row;

/// Periods up to this many days are binned by day, up to the next by week, else by month.
const DAILY_UP_TO: i64 = 120;
const WEEKLY_UP_TO: i64 = 3 * 366;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bin {
    Day,
    Week,
    Month,
}

impl Bin {
    pub fn for_span(days: i64) -> Bin {
        if days <= DAILY_UP_TO {
            Bin::Day
        } else if days <= WEEKLY_UP_TO {
            Bin::Week
        } else {
            Bin::Month
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Bin::Day => "day",
            Bin::Week => "week",
            Bin::Month => "month",
        }
    }

    /// The first day of the bin holding `d`.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Bin::Day => d,
            Bin::Week => d - chrono::Days::new(d.weekday().num_days_from_monday() as u64),
            Bin::Month => d.with_day(1).unwrap_or(d),
        }
    }

    fn next(self, d: NaiveDate) -> NaiveDate {
        match self {
            Bin::Day => d + chrono::Days::new(1),
            Bin::Week => d + chrono::Days::new(7),
            Bin::Month => d + chrono::Months::new(1),
        }
    }
}

/// Counts per bin and kind: the bins from the first to the last (empty ones included).
pub struct Series {
    pub bin: Bin,
    pub starts: Vec<NaiveDate>,
    /// kind → count per bin.
    pub counts: BTreeMap<&'static str, Vec<u32>>,
    pub undated: usize,
}

pub fn series(rows: &[Row]) -> Option<Series> {
    let dates: Vec<NaiveDate> = rows.iter().filter_map(|r| r.date).collect();
    let (first, last) = (*dates.iter().min()?, *dates.iter().max()?);
    let bin = Bin::for_span((last - first).num_days());
    let mut starts = vec![bin.start(first)];
    while let Some(&s) = starts.last() {
        let n = bin.next(s);
        if n > last {
            break;
        }
        starts.push(n);
    }
    let mut counts: BTreeMap<&'static str, Vec<u32>> = BTreeMap::new();
    for r in rows {
        let Some(d) = r.date else { continue };
        let k = starts
            .partition_point(|&s| s <= bin.start(d))
            .saturating_sub(1);
        counts
            .entry(r.kind.as_str())
            .or_insert_with(|| vec![0; starts.len()])[k] += 1;
    }
    Some(Series {
        bin,
        starts,
        counts,
        undated: rows.len() - dates.len(),
    })
}

/// Writes the chart of `series` (see [`series`]) as PNG.
pub fn render(path: &Path, series: &Series, size: (u32, u32), title: &str) -> Result<(), String> {
    style::register_fonts();
    let root = BitMapBackend::new(path, size).into_drawing_area();
    draw(&root, series, title).map_err(super::bitmap_error)?;
    root.present().map_err(super::bitmap_error)
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    s: &Series,
    title: &str,
) -> super::DrawResult<DB> {
    root.fill(&WHITE)?;
    let n = s.starts.len() as i32;
    let totals: Vec<u32> = (0..s.starts.len())
        .map(|i| s.counts.values().map(|v| v[i]).sum())
        .collect();
    let ymax = totals.iter().copied().max().unwrap_or(1).max(1);
    let legend_w = 260;
    let (w, _) = root.dim_in_pixel();
    let (chart_area, legend_area) = root.split_horizontally(w as i32 - legend_w);
    let caption = format!("{title}: incidents per {} by kind", s.bin.word());
    let mut chart = ChartBuilder::on(&chart_area)
        .caption(
            caption,
            (FONT, 22)
                .into_font()
                .style(FontStyle::Bold)
                .color(&style::TEXT),
        )
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(56)
        .build_cartesian_2d(0i32..n, 0u32..(ymax + ymax.div_ceil(10)))?;
    let starts = s.starts.clone();
    let label = move |i: &i32| {
        starts
            .get(*i as usize)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels((n as usize).min(12))
        .x_label_formatter(&label)
        .y_desc("incidents")
        .x_desc(match s.bin {
            Bin::Day => "date",
            Bin::Week => "week starting",
            Bin::Month => "month",
        })
        .label_style((FONT, 13).into_font().color(&style::TEXT))
        .axis_desc_style((FONT, 14).into_font().color(&style::TEXT))
        .draw()?;
    let mut base = vec![0u32; s.starts.len()];
    // Most frequent kinds at the bottom of each bar.
    let mut kinds: Vec<(&&'static str, &Vec<u32>)> = s.counts.iter().collect();
    kinds.sort_by_key(|(k, v)| (std::cmp::Reverse(v.iter().sum::<u32>()), **k));
    for (k, v) in &kinds {
        let c = kind_colour(k);
        let bars: Vec<Rectangle<(i32, u32)>> = v
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| {
                let r = Rectangle::new(
                    [(i as i32, base[i]), (i as i32 + 1, base[i] + n)],
                    c.filled(),
                );
                base[i] += n;
                r
            })
            .collect();
        chart.draw_series(bars)?;
    }
    let f = (FONT, 14).into_font().color(&style::TEXT);
    let mut y = 50;
    for (k, v) in kinds {
        let total: u32 = v.iter().sum();
        legend_area.draw(&Rectangle::new(
            [(10, y), (24, y + 14)],
            kind_colour(k).filled(),
        ))?;
        style::draw_text(
            &legend_area,
            &format!("{} ({total})", kind_label(k)),
            &f,
            (32, y),
            false,
        )?;
        y += 22;
    }
    if s.undated > 0 {
        style::draw_text(
            &legend_area,
            &format!("{} undated, not shown", s.undated),
            &f,
            (10, y + 10),
            false,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LonLat;

    fn row(date: &str, kind: &str) -> Row {
        let mut r = Row::new(LonLat::new(0.0, 0.0));
        r.date = crate::dataset::fields::parse_date(date);
        r.kind = kind.parse().expect("a kind");
        r
    }

    #[test]
    fn daily_bins_count_each_kind_and_keep_empty_days() {
        let rows = [
            row("2020-05-17", "ied"),
            row("2020-05-17", "ied"),
            row("2020-05-19", "raid"),
            row("", "raid"),
        ];
        let s = series(&rows).expect("dated");
        assert_eq!(s.bin, Bin::Day);
        assert_eq!(s.starts.len(), 3);
        assert_eq!(s.counts["ied"], [2, 0, 0]);
        assert_eq!(s.counts["raid"], [0, 0, 1]);
        assert_eq!(s.undated, 1);
    }

    #[test]
    fn a_year_is_binned_by_week_from_monday() {
        let rows = [row("2020-01-01", "ied"), row("2020-12-30", "ied")];
        let s = series(&rows).expect("dated");
        assert_eq!(s.bin, Bin::Week);
        assert_eq!(
            s.starts[0],
            NaiveDate::from_ymd_opt(2019, 12, 30).expect("date")
        );
        assert_eq!(s.counts["ied"].iter().sum::<u32>(), 2);
        assert_eq!(*s.counts["ied"].last().expect("bins"), 1);
    }
}
