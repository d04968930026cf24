#![no_main]
// Date mentions, report periods and relative days in arbitrary text.
use libfuzzer_sys::fuzz_target;

use chrono::NaiveDate;
use incimap::extract::dates;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let reference = NaiveDate::from_ymd_opt(2020, 5, 21);
    for m in dates::find_dates(text) {
        let _ = m.resolve(Some(2020), reference);
        let _ = m.resolve(None, None);
    }
    if let Some((a, b)) = dates::parse_period(text) {
        assert!(a <= b, "period {a} after {b}");
    }
    for (at, _) in dates::relative_day(text)
        .into_iter()
        .chain(dates::deictic_day(text))
    {
        assert!(at <= text.len());
    }
    let _ = dates::weekday_mention(text);
    if let Some(reference) = reference {
        let _ = dates::weekday_before(text, reference);
    }
    let _ = dates::last_week(text);
});
