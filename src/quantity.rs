//! Quantities in a sentence: numbers (in digits or words) with their unit, dates, years and
//! weekdays, normalized so that "nearly six decades" and "over 50 years" compare as 60 and 50
//! years.

use std::ops::Range;

use serde::Serialize;

use crate::text::{stem, tokenize, Token, TokenKind};

/// What a quantity measures. Two quantities are comparable when their kinds are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "unit", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// A length of time, in the unit named: years (decades, centuries and months counted in
    /// years), days (weeks counted in days) or hours (minutes counted in hours).
    Duration(String),
    /// A day of a month; the value is month × 100 + day.
    Date,
    /// A calendar year standing alone ("since 2015").
    Year,
    /// A day of the week, Monday = 1.
    Weekday,
    /// A percentage.
    Percent,
    /// An amount of money in the currency named.
    Money(String),
    /// A score of a match ("2-1"), winner's goals first: the value is 100 × the higher + the
    /// lower.
    Score,
    /// A distance, length, height or depth, in metres ("15 miles", "24 km", "a 233-foot
    /// booster").
    Distance,
    /// A time of day, in minutes after midnight: in UTC when the text names a zone of known
    /// offset ("00:03 GMT", "9:03 KST"), else in the zone named ("et"), or empty for the
    /// text's local time. Times in different zones are not compared.
    Time(String),
    /// A count of something: a toll (`dead`, `injured`, `missing`, `arrested`, `evacuated`,
    /// `displaced`: "killing 12 people", "500,000 lives"), else the stem of the noun that
    /// follows ("26 jets" → `jet`), empty for a bare number.
    Count(String),
}

impl Kind {
    /// Names a kind of figure for readers: "duration in years", "date", "number".
    pub fn label(&self) -> String {
        match self {
            Kind::Duration(unit) => format!("duration in {unit}s"),
            Kind::Date => "date".into(),
            Kind::Year => "year".into(),
            Kind::Weekday => "day of the week".into(),
            Kind::Percent => "percentage".into(),
            Kind::Money(currency) => format!("sum of money ({currency})"),
            Kind::Score => "score".into(),
            Kind::Distance => "distance".into(),
            Kind::Time(zone) if zone.is_empty() => "time of day".into(),
            Kind::Time(zone) => format!("time of day ({})", zone.to_ascii_uppercase()),
            Kind::Count(unit) if TOLLS.contains(&unit.as_str()) => format!("number of {unit}"),
            // Other units are stems ("rafal"); the values' own texts name them better.
            Kind::Count(_) => "number".into(),
        }
    }

    /// Whether the kind itself says what a figure counts in the fact, so two figures of it in
    /// one fact are one slot: a toll ("12 dead"), a count of a named thing ("26 jets"), a
    /// score. A bare number, a date, a duration or a percentage may play several roles.
    pub fn names_its_role(&self) -> bool {
        match self {
            Kind::Count(unit) => !unit.is_empty(),
            Kind::Score => true,
            _ => false,
        }
    }

    /// [`Kind::label`] after "a" or "an", as a line about it reads: "a date", "an age".
    pub fn label_with_article(&self) -> String {
        let label = self.label();
        let vowel = label.starts_with(|c: char| "aeiou".contains(c));
        format!("{} {label}", if vowel { "an" } else { "a" })
    }

    /// A normalized figure or range in words: "60 years", "40 years to 50 years".
    pub fn describe_range(&self, low: Option<f64>, value: f64) -> String {
        match low {
            Some(low) => format!("{} to {}", self.describe(low), self.describe(value)),
            None => self.describe(value),
        }
    }

    /// A normalized figure in words: "60 years", "December 8", "3.5%".
    pub fn describe(&self, value: f64) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const DAYS: [&str; 7] =
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        let n = trim_float(value);
        match self {
            Kind::Duration(unit) => {
                // Under a year reads in months, under an hour in minutes.
                let (value, unit) = match unit.as_str() {
                    "year" if value < 1.0 => (value * 12.0, "month"),
                    "hour" if value < 1.0 => (value * 60.0, "minute"),
                    unit => (value, unit),
                };
                let n = trim_float((value * 100.0).round() / 100.0);
                format!("{n} {unit}{}", if n == "1" { "" } else { "s" })
            }
            Kind::Date => {
                let month = (value / 100.0) as usize;
                let day = value as usize % 100;
                match MONTHS.get(month.wrapping_sub(1)) {
                    Some(m) => format!("{m} {day}"),
                    None => n,
                }
            }
            Kind::Weekday => {
                DAYS.get((value as usize).wrapping_sub(1)).map_or(n, |d| d.to_string())
            }
            Kind::Percent => format!("{n}%"),
            Kind::Money(currency) => format!("{currency}{n}"),
            Kind::Score => format!("{}-{}", value as i64 / 100, value as i64 % 100),
            Kind::Distance if value >= 1000.0 => {
                format!("{} km", trim_float((value / 10.0).round() / 100.0))
            }
            Kind::Distance => format!("{} m", trim_float((value * 10.0).round() / 10.0)),
            Kind::Time(zone) => {
                let minutes = value as i64;
                let clock = format!("{:02}:{:02}", minutes / 60, minutes % 60);
                if zone.is_empty() {
                    clock
                } else {
                    format!("{clock} {}", zone.to_ascii_uppercase())
                }
            }
            _ => n,
        }
    }
}

fn trim_float(v: f64) -> String {
    // Six decimals at most, written from integers: Rust's shortest float formatting costs the
    // page's wasm some 8 KB, and no figure in news has more.
    const SCALE: f64 = 1e6;
    if !v.is_finite() || v.abs() >= 9e12 {
        return format!("{}", v.round() as i64);
    }
    let scaled = (v.abs() * SCALE).round() as u64;
    let (whole, mut fraction) = (scaled / SCALE as u64, scaled % SCALE as u64);
    let sign = if v < 0.0 && scaled > 0 { "-" } else { "" };
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let mut digits = 6;
    while fraction % 10 == 0 {
        fraction /= 10;
        digits -= 1;
    }
    format!("{sign}{whole}.{fraction:0digits$}")
}

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// Byte range in the text, qualifier ("over", "nearly") included.
    #[serde(skip)]
    pub range: Range<usize>,
    #[serde(flatten)]
    pub kind: Kind,
    pub value: f64,
    /// How far the true figure may lie from `value`, in the same unit, as the text wrote it:
    /// half its last digit ("34.8 km": 0.05 km; "35 km": 0.5 km), a twentieth of it after a
    /// word of approximation ("nearly 400"), 0 for dates, times and scores.
    #[serde(skip)]
    pub precision: f64,
    /// The low end of a range ("40 to 50 years", "3-5 km", "between 3 and 78"), in the same
    /// unit; `value` is the high end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Whose figure it is, when a name stands before it in its clause: the stem of the
    /// nearest capitalized word ("the SNP's tally fell to 43 seats" → `snp`), empty when none
    /// does or an attribution ("…said", "according to") comes between. Figures of different
    /// owners are different slots of a fact.
    #[serde(skip)]
    pub owner: String,
    /// The year the figure is told of, when a year stands before it in its sentence ("a
    /// quake struck in 1999, killing more than 2,500": 1999), not as part of a date ("April
    /// 3, 2024"). Figures of different years are different facts.
    #[serde(skip)]
    pub year: Option<f64>,
    /// A time of day on a twelve-hour clock without "a.m." or "p.m." ("landed at 6:04 local
    /// time"): it may be the morning's or the evening's, so it is the same time as either.
    #[serde(skip)]
    pub either_half_day: bool,
}

impl Quantity {
    /// Whether two values of the same kind may be the same figure: equal, or near enough that
    /// the two as written overlap ("34.8 km" and "35 km"; "15 miles" and "24 km"; "397 feet"
    /// and "nearly 400 feet"), which is rounding, not a disagreement.
    ///
    /// Two ranges are the same when both their ends are; a range is not the same as a single
    /// figure ("five to six and a half years" against "six and a half years"). A time that
    /// may be either half of the day ("6:04") is the same as either ("6:04 pm", "18:04").
    pub fn same_value(&self, other: &Quantity) -> bool {
        if self.either_half_day || other.either_half_day {
            const HALF_DAY: f64 = 12.0 * 60.0;
            return (self.value - other.value).rem_euclid(HALF_DAY) == 0.0;
        }
        let near = |a: f64, b: f64| {
            let gap = (a - b).abs();
            gap <= 1e-9 * a.abs().max(1.0) || gap < self.precision + other.precision
        };
        near(self.low.unwrap_or(self.value), other.low.unwrap_or(other.value))
            && near(self.value, other.value)
    }

    /// Whether two figures may be one slot of a fact: their owners do not differ.
    pub fn same_owner(&self, other: &Quantity) -> bool {
        self.owner.is_empty() || other.owner.is_empty() || self.owner == other.owner
    }
}

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
];

pub(crate) const WEEKDAYS: &[&str] =
    &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Words before a number that make it approximate or a bound; they belong to the quantity.
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "about", "almost", "approximately", "around", "nearly", "over", "roughly", "some", "under",
    "least", "than", "to", "just", "exactly", "only", "barely", "upwards",
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

fn small_number_word(word: &str) -> Option<f64> {
    const UNITS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] =
        &["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Some(i) = UNITS.iter().position(|w| *w == word) {
        return Some(i as f64);
    }
    if let Some(i) = TENS.iter().position(|w| *w == word) {
        return Some(20.0 + 10.0 * i as f64);
    }
    match word {
        "dozen" => Some(12.0),
        "a" | "an" => None,
        _ => None,
    }
}

fn scale_word(word: &str) -> Option<f64> {
    match word {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "mln" | "m" => Some(1e6),
        "billion" | "bn" | "b" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

/// The units of [`Kind::Count`] that are tolls, as [`toll_of`] names them.
const TOLLS: &[&str] = &["dead", "injured", "missing", "arrested", "evacuated", "displaced"];

/// The toll a word's stem names: killed, dead, died, deaths, lives → `dead`; injured,
/// wounded, hurt → `injured`; and the missing, arrested, evacuated, displaced.
fn toll_of(stem: &str) -> Option<&'static str> {
    match stem {
        "kill" | "dead" | "die" | "di" | "death" | "live" | "fatal" | "fatality" | "bodi" => {
            Some("dead")
        }
        "injur" | "injuri" | "wound" | "hurt" => Some("injured"),
        "miss" => Some("missing"),
        "arrest" | "detain" => Some("arrested"),
        "evacu" => Some("evacuated"),
        "displac" => Some("displaced"),
        _ => None,
    }
}

/// Metres in one of a distance unit: "km" → 1000, "miles" → 1609.344, "foot" → 0.3048.
fn distance_unit(word: &str) -> Option<f64> {
    match word {
        "km" | "kms" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => Some(1000.0),
        "m" | "meter" | "meters" | "metre" | "metres" => Some(1.0),
        "mile" | "miles" | "mi" => Some(1609.344),
        "ft" | "foot" | "feet" => Some(0.3048),
        "yard" | "yards" | "yd" => Some(0.9144),
        _ => None,
    }
}

/// The value of a number token written in digits: "500,000", "2.5", "27th".
fn digits_value(norm: &str) -> Option<f64> {
    let digits: String = norm
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    parse_decimal(&digits)
}

/// A decimal number as the figures and the project's own files write it: an optional sign,
/// digits and a fraction ("-4.04", "2.5", "500000", ".5"); `None` for anything else. It
/// gives what `str::parse::<f64>` gives whenever the digits, less the fraction's trailing
/// zeros, are at most 15 and the fraction at most 22 digits long (every figure news prints):
/// the digits and the power of ten are then exact in an `f64`, and one division or
/// multiplication rounds correctly. Past that it may differ in the last bit. Written out so
/// that the page's wasm carries no general float parser, which weighed 15 KB gzipped.
pub fn parse_decimal(s: &str) -> Option<f64> {
    /// The powers of ten an `f64` holds exactly.
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if (whole.is_empty() && fraction.is_empty())
        || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let fraction = fraction.trim_end_matches('0');
    // Past 19 digits a u64 overflows: later digits only scale the value (and may change its
    // last bit).
    let (mut mantissa, mut scale) = (0u64, 0i32);
    let digits = whole.bytes().map(|b| (b, false)).chain(fraction.bytes().map(|b| (b, true)));
    for (b, in_fraction) in digits {
        if mantissa < 1_000_000_000_000_000_000 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            scale -= i32::from(in_fraction);
        } else {
            scale += i32::from(!in_fraction);
        }
    }
    let power = |n: i32| POW10.get(n as usize).copied().unwrap_or_else(|| 10f64.powi(n));
    let value =
        if scale >= 0 { mantissa as f64 * power(scale) } else { mantissa as f64 / power(-scale) };
    Some(if negative { -value } else { value })
}

/// Finds the quantities in `text`, in order.
pub fn quantities(text: &str) -> Vec<Quantity> {
    quantities_in(text, &tokenize(text))
}

/// Finds the quantities in `text` already split by [`tokenize`] (`tokens` may be a part of
/// it; the text tells capitals, which the tokens fold away).
pub fn quantities_in(text: &str, tokens: &[Token]) -> Vec<Quantity> {
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word && !crate::text::is_stop_word(&t.norm))
        .collect();
    let capitals = words.iter().filter(|t| t.is_capitalized(text)).count();
    // A headline in title case ("Quake Kills 9") capitalizes every word: no sign of a name.
    let title_case = words.len() >= 3 && capitals * 10 > words.len() * 6;
    Finder { text, tokens, title_case, out: Vec::new(), range_low: None }.run()
}

/// Words hyphened to a number that date, bound or rank it rather than name a thing:
/// "Mid-2024", "Post-2008", "FY-2024", "Q3-2024", "Under-18", "Top-10".
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "early", "end", "fy", "h1", "h2", "late", "mid", "over", "post", "pre", "q1", "q2", "q3",
    "q4", "top", "under",
];

/// The stem of "magnitude", the unit of a quake's figure wherever it stands.
const MAGNITUDE: &str = "magnitud";

/// Time zones of fixed offset, in minutes east of UTC: a time in one of them compares with a
/// time in another. Others that name a zone but not its offset (ET, PT: summer or winter
/// time) keep their own name.
const ZONES: &[(&str, i64)] = &[
    ("utc", 0),
    ("gmt", 0),
    ("bst", 60),
    ("cet", 60),
    ("cest", 120),
    ("eet", 120),
    ("eest", 180),
    ("msk", 180),
    ("hkt", 480),
    ("sgt", 480),
    ("kst", 540),
    ("jst", 540),
    ("aest", 600),
    ("est", -300),
    ("edt", -240),
    ("cdt", -300),
    ("mst", -420),
    ("mdt", -360),
    ("pst", -480),
    ("pdt", -420),
];
const NAMED_ZONES: &[&str] = &["et", "pt", "ct", "mt", "ist", "cst", "local"];

/// Words after which a number names a thing rather than counting it: "flight 2216", "route
/// 66", "resolution 2334".
#[rustfmt::skip]
const NAMING: &[&str] = &[
    "flight", "route", "highway", "interstate", "road", "resolution", "article", "section",
    "chapter", "clause", "paragraph", "amendment", "number", "no", "model", "version", "gate",
    "runway", "platform", "line", "bus", "train", "room", "seat", "page", "episode", "level",
    "category", "grade", "phase", "stage", "terminal", "pier", "district", "ward", "unit",
];

/// How far, in bytes, a bare number may follow a count and still be one of its list ("410
/// seats, with the Conservatives on about 130").
const LIST_REACH: usize = 40;

struct Finder<'a> {
    text: &'a str,
    tokens: &'a [Token],
    title_case: bool,
    out: Vec<Quantity>,
    /// While a range's high end is read: its low end over its high end, as written.
    range_low: Option<f64>,
}

impl Finder<'_> {
    /// A time of day at token `i`: "9:03", "09:03 a.m", "5 p.m.", "00:03 GMT"; its kind, value
    /// (minutes after midnight), the index after it, and whether it may be either half of
    /// the day ("6:04" without "a.m." or "p.m.": not "06:04" or "18:04").
    fn time_at(&self, i: usize) -> Option<(Kind, f64, usize, bool)> {
        let plain =
            |k: usize| self.is_number(k) && self.norm(k).chars().all(|c| c.is_ascii_digit());
        if !plain(i) {
            return None;
        }
        let mut hour: i64 = self.norm(i).parse().ok()?;
        let mut minute = 0;
        let mut j = i + 1;
        let clock = self.norm(j) == ":" && plain(j + 1) && self.norm(j + 1).len() == 2;
        if clock {
            minute = self.norm(j + 1).parse().ok()?;
            j += 2;
        }
        let meridiem = match self.norm(j) {
            "am" | "pm" => Some((self.norm(j) == "pm", j + 1)),
            "a" | "p" if self.norm(j + 1) == "." && self.norm(j + 2) == "m" => {
                Some((self.norm(j) == "p", j + 3))
            }
            _ => None,
        };
        if let Some((pm, after)) = meridiem {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = hour % 12 + if pm { 12 } else { 0 };
            j = after;
        } else if !clock {
            return None;
        }
        if hour > 23 || minute > 59 {
            return None;
        }
        let zone = self.norm(j).trim_end_matches('.').to_string();
        // Copy that names a zone of fixed offset ("10:30 GMT") writes the 24-hour clock.
        let either_half_day = meridiem.is_none()
            && (1..=12).contains(&hour)
            && !self.norm(i).starts_with('0')
            && !ZONES.iter().any(|z| z.0 == zone);
        let mut minutes = hour * 60 + minute;
        let kind = if let Some(&(_, offset)) = ZONES.iter().find(|z| z.0 == zone) {
            minutes = (minutes - offset).rem_euclid(24 * 60);
            j += 1;
            Kind::Time("utc".into())
        } else if NAMED_ZONES.contains(&zone.as_str()) {
            j += 1;
            Kind::Time(if zone == "local" { String::new() } else { zone })
        } else {
            Kind::Time(String::new())
        };
        Some((kind, minutes as f64, j, either_half_day))
    }

    /// A score at token `i`: "2-1", "3–0", two small numbers joined by a dash with a word of
    /// winning, losing or scoring within three words ("won 2-1", "a 3-0 defeat"); a dash
    /// between numbers is a range otherwise ("3-5 years"). Its value and the index after it.
    fn score_at(&self, i: usize) -> Option<(f64, usize)> {
        let plain =
            |k: usize| self.is_number(k) && self.norm(k).chars().all(|c| c.is_ascii_digit());
        if !(plain(i) && matches!(self.norm(i + 1), "-" | "–" | "—") && plain(i + 2)) {
            return None;
        }
        let (a, b): (u32, u32) = (self.norm(i).parse().ok()?, self.norm(i + 2).parse().ok()?);
        if a > 30 || b > 30 {
            return None;
        }
        let near = (i.saturating_sub(3)..i + 6).any(|k| {
            matches!(
                stem(self.norm(k)).as_str(),
                "won"
                    | "win"
                    | "beat"
                    | "defeat"
                    | "lost"
                    | "lose"
                    | "draw"
                    | "drew"
                    | "victori"
                    | "score"
                    | "scorelin"
                    | "lead"
                    | "led"
                    | "thrash"
                    | "final"
                    | "match"
            )
        });
        near.then(|| (f64::from(a.max(b) * 100 + a.min(b)), i + 3))
    }

    /// Whether the number at token `i` (ending before `after`) names a thing, an identifier:
    /// digits mixed with letters ("7C2216", "A320"), a number hyphened to a capitalized word
    /// ("Chandrayaan-3", "COVID-19", "F-35", wherever it stands), a number after a naming
    /// word ("flight 2216", "Resolution 2334") or after a capitalized word inside a sentence
    /// ("Boeing 737-800", "Route 66", "Euro 2024"), unless that word is a month or a weekday
    /// or the sentence is a headline in title case.
    fn is_identifier(&self, i: usize) -> bool {
        let norm = self.norm(i);
        if let Some(letter) = norm.find(|c: char| c.is_alphabetic()) {
            if norm[letter..].chars().any(|c| c.is_ascii_digit()) {
                return true;
            }
        }
        if self.hyphened_to_name(i) {
            return true;
        }
        let Some(before) = i.checked_sub(1).and_then(|k| self.tokens.get(k)) else {
            return false;
        };
        if before.kind != TokenKind::Word {
            return false;
        }
        if NAMING.contains(&before.norm.trim_end_matches('.')) {
            return true;
        }
        let inside = self.tokens[..i - 1].iter().any(|t| t.kind == TokenKind::Word);
        inside
            && !self.title_case
            && before.is_capitalized(self.text)
            && month_of(&before.norm).is_none()
            && !WEEKDAYS.contains(&before.norm.as_str())
            && !crate::text::is_stop_word(&before.norm)
    }

    /// Whether the number at token `i` is written hyphened to a capitalized word, with no
    /// space between: a thing's name and its number ("Luna-25", "Covid-19"). Not a month's,
    /// a weekday's or a quake's ("Magnitude-7.6 quake"), and not a word that dates, bounds
    /// or ranks ([`NOT_NAMES`]).
    fn hyphened_to_name(&self, i: usize) -> bool {
        let (Some(number), Some(dash), Some(word)) = (
            self.tokens.get(i),
            i.checked_sub(1).and_then(|k| self.tokens.get(k)),
            i.checked_sub(2).and_then(|k| self.tokens.get(k)),
        ) else {
            return false;
        };
        dash.norm == "-"
            && word.kind == TokenKind::Word
            && word.end == dash.start
            && dash.end == number.start
            && word.is_capitalized(self.text)
            && month_of(&word.norm).is_none()
            && !WEEKDAYS.contains(&word.norm.as_str())
            && !stem(&word.norm).starts_with(MAGNITUDE)
            && !NOT_NAMES.contains(&word.norm.as_str())
    }

    fn norm(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.norm.as_str())
    }

    fn is_number(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Number)
    }

    /// Reads a number at token `i` (digits or words, with scale words); returns its value and
    /// the index after it.
    /// The high end of a range whose low end, `low`, is the number at `i` ending before
    /// `after`: the token of the high number, its value and the index after it. The ends are
    /// joined by "to", a dash, or "and" after "between", and rise.
    fn range_end(
        &self,
        i: usize,
        from: usize,
        low: f64,
        after: usize,
    ) -> Option<(usize, f64, usize)> {
        let before = |word: &str| {
            from.checked_sub(1).is_some_and(|k| self.norm(k) == word) || self.norm(from) == word
        };
        // "from 4 to 7" is a change, not a range.
        if before("from") {
            return None;
        }
        let between = before("between");
        let joined = match self.norm(after) {
            "to" | "-" | "–" => true,
            "and" => between,
            _ => false,
        };
        if !joined || (self.is_number(i) && self.is_identifier(i)) {
            return None;
        }
        let (high, end) = self.number_at(after + 1)?;
        (high > low).then_some((after + 1, high, end))
    }

    fn number_at(&self, i: usize) -> Option<(f64, usize)> {
        let mut j = i;
        let mut value = if self.is_number(i) {
            j += 1;
            digits_value(self.norm(i))?
        } else {
            // Number words: "twenty-five", "six", "two hundred thousand".
            let mut total = 0.0;
            let mut current = 0.0;
            let mut any = false;
            loop {
                let w = self.norm(j);
                if let Some(v) = small_number_word(w) {
                    current += v;
                    any = true;
                    j += 1;
                } else if any && w == "-" && small_number_word(self.norm(j + 1)).is_some() {
                    j += 1;
                } else if any && w == "hundred" {
                    current *= 100.0;
                    j += 1;
                } else if any && matches!(w, "thousand" | "million" | "billion") {
                    total += current * scale_word(w).unwrap_or(1.0);
                    current = 0.0;
                    j += 1;
                } else {
                    break;
                }
            }
            if !any {
                return None;
            }
            return Some(self.and_a_half(total + current, j));
        };
        if let Some(scale) = scale_word(self.norm(j)) {
            value *= scale;
            j += 1;
            // "2 thousand 400"
            if let Some(rest) = self.is_number(j).then(|| digits_value(self.norm(j))).flatten() {
                if rest < scale && value.fract() == 0.0 {
                    value += rest;
                    j += 1;
                }
            }
        }
        Some(self.and_a_half(value, j))
    }

    /// `value`, ending before token `j`, with "and a half" after it ("six and a half",
    /// "six-and-a-half-year") added, and the index after it.
    fn and_a_half(&self, value: f64, j: usize) -> (f64, usize) {
        let words: Vec<(usize, &str)> =
            (j..j + 6).map(|k| (k, self.norm(k))).filter(|&(_, w)| w != "-").take(3).collect();
        match words.as_slice() {
            [(_, "and"), (_, "a"), (k, "half")] if k - j == 2 || k - j == 5 => (value + 0.5, k + 1),
            _ => (value, j),
        }
    }

    /// The index of the first qualifier word right before token `i`.
    fn qualifier_start(&self, i: usize) -> usize {
        let mut k = i;
        while k > 0 && QUALIFIERS.contains(&self.norm(k - 1)) && i - (k - 1) <= 3 {
            k -= 1;
        }
        // "more than", "less than", "at least", "up to": take the first word too.
        if k < i && matches!(self.norm(k), "than" | "least" | "to") && k > 0 {
            if matches!(self.norm(k - 1), "more" | "less" | "fewer" | "at" | "up") {
                k -= 1;
            } else {
                k += 1;
            }
        }
        k
    }

    /// What a count of people counts, when it is a toll: the dead, the injured, the missing…
    /// News reports word a toll many ways ("killing 12 people", "12 were killed", "12 dead",
    /// "claimed 12 lives"), so the word is looked for in the noun after the number, the word
    /// before it, and the three words after the noun.
    fn toll_near(&self, from: usize, noun: usize) -> Option<&'static str> {
        let toll = |k: usize| self.tokens.get(k).and_then(|t| toll_of(&stem(&t.norm)));
        if let Some(t) = toll(noun) {
            return Some(t);
        }
        let generic = self.tokens.get(noun).is_none_or(|t| {
            t.kind != TokenKind::Word
                || crate::text::is_stop_word(&t.norm)
                || matches!(
                    stem(&t.norm).as_str(),
                    "peopl" | "person" | "other" | "more" | "civilian" | "resid" | "individu"
                )
        });
        if !generic {
            return None;
        }
        if let Some(t) = from.checked_sub(1).and_then(toll) {
            return Some(t);
        }
        (noun + 1..noun + 4).find_map(toll)
    }

    fn push(&mut self, from: usize, to: usize, kind: Kind, value: f64) {
        self.push_measured(from, to, kind, value, 0.0);
    }

    fn push_measured(&mut self, from: usize, to: usize, kind: Kind, value: f64, precision: f64) {
        let (Some(first), Some(last)) = (self.tokens.get(from), self.tokens.get(to - 1)) else {
            return;
        };
        let low = self.range_low.take().map(|ratio| ratio * value);
        // (A bare number gets one too, for when it inherits a list's unit.) Lists of owners'
        // counts are common ("Labour 410 seats, the Tories 144"); a toll, a
        // date or a duration belongs to the event more often than to the name before it.
        let owner = match &kind {
            Kind::Count(unit) if !TOLLS.contains(&unit.as_str()) => self.owner_before(from),
            _ => String::new(),
        };
        let range = first.start..last.end;
        self.out.push(Quantity {
            range,
            kind,
            value,
            precision,
            low,
            owner,
            year: None,
            either_half_day: false,
        });
    }

    /// The owner of a figure starting at token `from` (see [`Quantity::owner`]): the nearest
    /// capitalized word before it, back to the start of its clause, not past an attribution;
    /// only counts of named things have owners.
    fn owner_before(&self, from: usize) -> String {
        for k in (0..from).rev() {
            let t = &self.tokens[k];
            if t.kind == TokenKind::Punct {
                if matches!(t.norm.as_str(), "," | ";" | ":" | "(" | ")" | "—" | "–") {
                    break;
                }
                continue;
            }
            if t.kind != TokenKind::Word || small_number_word(&t.norm).is_some() {
                continue;
            }
            if matches!(
                t.norm.as_str(),
                "said"
                    | "says"
                    | "say"
                    | "told"
                    | "reported"
                    | "reports"
                    | "according"
                    | "announced"
                    | "confirmed"
                    | "estimated"
                    | "while"
                    | "whereas"
            ) {
                break;
            }
            let name = !self.title_case
                && !crate::text::is_stop_word(&t.norm)
                && t.is_capitalized(self.text)
                && month_of(&t.norm).is_none()
                && !WEEKDAYS.contains(&t.norm.as_str());
            if name {
                return stem(&t.norm);
            }
        }
        String::new()
    }

    /// The index of the first token that starts at or after byte `at`.
    fn token_at(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| t.start < at)
    }

    /// The byte offset of the word "since" before byte `at` in the same clause (no comma,
    /// semicolon or colon between), if there is one.
    fn since_before(&self, at: usize) -> Option<usize> {
        for t in self.tokens[..self.token_at(at)].iter().rev() {
            if t.kind == TokenKind::Punct && matches!(t.norm.as_str(), "," | ";" | ":") {
                return None;
            }
            if t.norm == "since" {
                return Some(t.start);
            }
        }
        None
    }

    /// A bare number in a list after a counted one counts the same thing: "from 43 seats to
    /// just six", "410 seats, with the Conservatives on about 130".
    ///
    /// Only a whole number close after the count (within [`LIST_REACH`] bytes) is read so,
    /// and not one after "from" ("killing 7 people, up from 4" is a change): "four killed
    /// after an earthquake measuring 7.4" lists nothing.
    fn inherit_units(&mut self) {
        let after_from: Vec<bool> = self
            .out
            .iter()
            .map(|q| {
                self.token_at(q.range.start).checked_sub(1).is_some_and(|p| self.norm(p) == "from")
            })
            .collect();
        let mut last: Option<(Kind, usize)> = None;
        for (q, after_from) in self.out.iter_mut().zip(after_from) {
            match &q.kind {
                Kind::Count(unit) if unit.is_empty() => {
                    if let Some((kind, end)) = &last {
                        if q.value.fract() == 0.0
                            && q.range.start <= end + LIST_REACH
                            && !after_from
                        {
                            q.kind = kind.clone();
                        }
                    }
                }
                Kind::Count(_) => last = Some((q.kind.clone(), q.range.end)),
                _ => {}
            }
        }
    }

    /// How precisely the number at token `i`, read as `value`, is written (see
    /// [`Quantity::precision`]), before any unit's factor.
    fn precision_at(&self, i: usize, from: usize, value: f64) -> f64 {
        let mut p = 0.5;
        if self.is_number(i) {
            let norm = self.norm(i);
            let digits: String =
                norm.chars().take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.').collect();
            let raw = digits_value(norm).unwrap_or(0.0);
            if let Some(dot) = digits.find('.') {
                p = 0.5 * 10f64.powi(-((digits.len() - dot - 1) as i32));
            } else {
                // Trailing zeros may be rounding ("the 400-foot rocket", 397 feet), up to a
                // fiftieth of the figure: 10 dead and 12 dead still disagree.
                let zeros = digits.replace(',', "").chars().rev().take_while(|&c| c == '0').count();
                if zeros > 0 && raw > 0.0 {
                    p = (0.5 * 10f64.powi(zeros as i32)).min(0.02 * raw).max(0.5);
                }
            }
            // Scale words ("2.5 million") scale the last digit too.
            if raw > 0.0 {
                p *= value / raw;
            }
        }
        let approximate = (from..i).any(|k| {
            matches!(
                self.norm(k),
                "about" | "almost" | "approximately" | "around" | "nearly" | "roughly" | "some"
            )
        });
        if approximate {
            p = p.max(0.05 * value.abs());
        }
        p
    }

    fn run(mut self) -> Vec<Quantity> {
        let mut i = 0;
        while i < self.tokens.len() {
            let w = self.norm(i).to_string();
            // "December 8", "Dec. 8th"
            if let Some(month) = month_of(&w) {
                let mut j = i + 1;
                if self.norm(j) == "." {
                    j += 1;
                }
                if self.is_number(j) {
                    if let Some(day) = digits_value(self.norm(j))
                        .filter(|d| (1.0..=31.0).contains(d) && d.fract() == 0.0)
                    {
                        self.push(i, j + 1, Kind::Date, f64::from(month) * 100.0 + day);
                        i = j + 1;
                        continue;
                    }
                }
            }
            if let Some(day) = WEEKDAYS.iter().position(|d| *d == w) {
                self.push(i, i + 1, Kind::Weekday, day as f64 + 1.0);
                i += 1;
                continue;
            }
            if let Some((value, end)) = self.score_at(i) {
                self.push(i, end, Kind::Score, value);
                i = end;
                continue;
            }
            if let Some((kind, minutes, end, either_half_day)) = self.time_at(i) {
                let before = self.out.len();
                self.push(i, end, kind, minutes);
                if let Some(time) = self.out.get_mut(before) {
                    time.either_half_day = either_half_day;
                }
                i = end;
                continue;
            }
            let Some((value, after)) = self.number_at(i) else {
                i += 1;
                continue;
            };
            let from = self.qualifier_start(i);
            // A range, "40 to 50 years", "3-5 km", "between 3 and 78": the figure is read at
            // its high end and keeps its low end.
            self.range_low = None;
            let (value, after) = match self.range_end(i, from, value, after) {
                Some((j, high, end)) => {
                    self.range_low = Some(value / high);
                    i = j;
                    (high, end)
                }
                None => (value, after),
            };
            if self.is_number(i) && self.is_identifier(i) {
                // "737-800": the whole of a hyphenated identifier.
                i = after;
                while self.norm(i) == "-" && self.is_number(i + 1) {
                    i += 2;
                }
                continue;
            }
            // "8 December"
            if self.is_number(i) && after == i + 1 && (1.0..=31.0).contains(&value) {
                if let Some(month) = month_of(self.norm(after)) {
                    self.push(from, after + 1, Kind::Date, f64::from(month) * 100.0 + value);
                    i = after + 1;
                    continue;
                }
            }
            // A unit written onto the number: "15.5km", "400ft".
            let glued = self
                .norm(i)
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.');
            // ("5m" is as often five million as five metres.)
            if self.is_number(i) && !glued.is_empty() && glued != "m" {
                if let Some(factor) = distance_unit(glued) {
                    let precision = self.precision_at(i, from, value) * factor;
                    self.push_measured(from, after, Kind::Distance, value * factor, precision);
                    i = after;
                    continue;
                }
            }
            // An ordinal ("the 47th minute") places an event, and a decade or an age bracket
            // ("the 1990s", "in their 20s") spans one: neither is an amount to compare.
            let suffix = self.norm(i).trim_start_matches(|c: char| c.is_ascii_digit() || c == ',');
            if self.is_number(i) && matches!(suffix, "st" | "nd" | "rd" | "th" | "s") {
                i = after;
                continue;
            }
            // "aged 32" is 32 years, as "a 32-year-old" is (an age of a person or a bridge
            // compares with "built 30 years ago").
            if i.checked_sub(1).is_some_and(|p| matches!(self.norm(p), "aged" | "age")) {
                self.push(from, after, Kind::Duration("year".into()), value);
                i = after;
                continue;
            }
            // The unit before the figure: "magnitude 7.6", "magnitude-7.6", "a magnitude of
            // 7.6" are the figure of "a 7.6-magnitude quake". Not "an order of magnitude",
            // and after "of" only a figure with decimals, as a quake's is ("the magnitude
            // of 3 disasters" counts disasters).
            let unit_before = |p: usize| {
                stem(self.norm(p)) == MAGNITUDE
                    && !(p >= 2
                        && self.norm(p - 1) == "of"
                        && matches!(self.norm(p - 2), "order" | "orders"))
            };
            let decimals = self.norm(i).contains('.');
            // A quake's magnitude is under 10, written as one number ("1.5 million" is not).
            let magnitude = value < 10.0
                && after == i + 1
                && i.checked_sub(1).is_some_and(|p| {
                    unit_before(p)
                        || (self.norm(p) == "-" && p.checked_sub(1).is_some_and(unit_before))
                        || (self.norm(p) == "of"
                            && decimals
                            && p.checked_sub(1).is_some_and(unit_before))
                });
            // …and "7.6 on the Richter scale".
            let richter = ["on", "the", "richter", "scale"]
                .iter()
                .enumerate()
                .all(|(k, word)| self.norm(after + k) == *word);
            if magnitude || richter {
                let end = if richter { after + 4 } else { after };
                self.push(from, end, Kind::Count(MAGNITUDE.into()), value);
                i = end;
                continue;
            }
            let currency = i
                .checked_sub(1)
                .map(|p| self.norm(p))
                .filter(|p| matches!(*p, "$" | "€" | "£" | "¥"));
            if let Some(symbol) = currency {
                let symbol = symbol.to_string();
                self.push(i - 1, after, Kind::Money(symbol), value);
                i = after;
                continue;
            }
            let mut u = after;
            if self.norm(u) == "-" {
                u += 1;
            }
            let unit = self.norm(u).to_string();
            let (kind, factor, end) = match unit.as_str() {
                "year" | "years" | "yr" | "yrs" => (Kind::Duration("year".into()), 1.0, u + 1),
                "decade" | "decades" => (Kind::Duration("year".into()), 10.0, u + 1),
                "century" | "centuries" => (Kind::Duration("year".into()), 100.0, u + 1),
                // Months count in years, weeks in days and minutes in hours, so "110 years"
                // and "1,320 months" are one figure; days and hours stay apart, as a day of
                // reporting and 24 hours are not always the same thing.
                "month" | "months" => (Kind::Duration("year".into()), 1.0 / 12.0, u + 1),
                "week" | "weeks" => (Kind::Duration("day".into()), 7.0, u + 1),
                "day" | "days" => (Kind::Duration("day".into()), 1.0, u + 1),
                "hour" | "hours" => (Kind::Duration("hour".into()), 1.0, u + 1),
                "minute" | "minutes" | "min" | "mins" => {
                    (Kind::Duration("hour".into()), 1.0 / 60.0, u + 1)
                }
                "%" | "percent" => (Kind::Percent, 1.0, u + 1),
                unit if distance_unit(unit).is_some() => {
                    (Kind::Distance, distance_unit(unit).unwrap_or(1.0), u + 1)
                }
                "per" if self.norm(u + 1) == "cent" => (Kind::Percent, 1.0, u + 2),
                "dollars" | "dollar" => (Kind::Money("$".into()), 1.0, u + 1),
                "euros" | "euro" => (Kind::Money("€".into()), 1.0, u + 1),
                "pounds" if !self.is_number(i) || value < 1e5 => {
                    (Kind::Money("£".into()), 1.0, u + 1)
                }
                _ => {
                    let digits = self.is_number(i);
                    let year = digits
                        && after == i + 1
                        && (1800.0..=2100.0).contains(&value)
                        && value.fract() == 0.0
                        && !self.norm(i).contains(',');
                    let noun = self
                        .tokens
                        .get(u)
                        .filter(|t| {
                            t.kind == TokenKind::Word && !crate::text::is_stop_word(&t.norm)
                        })
                        .map(|t| stem(&t.norm));
                    if year && noun.is_some() && self.norm(u) != "people" {
                        // "the 2024 election": a year naming a thing, not a figure.
                        i = after;
                        continue;
                    } else if year && noun.is_none() {
                        (Kind::Year, 1.0, after)
                    } else if let Some(toll) = self.toll_near(from, u) {
                        let end = if noun.is_some() { u + 1 } else { after };
                        (Kind::Count(toll.to_string()), 1.0, end)
                    } else {
                        match noun {
                            Some(n) => (Kind::Count(n), 1.0, u + 1),
                            // A bare number in words ("one of them") says little; skip it.
                            // …unless it follows a count, in a list ("43 seats to six").
                            None if !digits
                                && !self.out.last().is_some_and(
                                    |q| matches!(&q.kind, Kind::Count(u) if !u.is_empty()),
                                ) =>
                            {
                                i = after;
                                continue;
                            }
                            None => (Kind::Count(String::new()), 1.0, after),
                        }
                    }
                }
            };
            let precision = self.precision_at(i, from, value) * factor;
            self.push_measured(from, end, kind, value * factor, precision);
            i = end.max(i + 1);
        }
        self.inherit_units();
        // A year after a day of a month completes a date ("April 3, 2024"), which is most
        // often the event's own: it tells of no other year.
        let mut year = None;
        let mut date_end = None;
        for k in 0..self.out.len() {
            let q = &self.out[k];
            match q.kind {
                Kind::Year if date_end.is_some_and(|end| q.range.start <= end + 2) => {}
                Kind::Year => {
                    year = Some(q.value);
                    // "the strongest since a 7.2-magnitude temblor struck in 1999": what
                    // follows "since" in the year's clause is of that year too.
                    if let Some(since) = self.since_before(q.range.start) {
                        let value = q.value;
                        for earlier in &mut self.out[..k] {
                            if earlier.range.start > since {
                                earlier.year = Some(value);
                            }
                        }
                    }
                }
                _ => self.out[k].year = year,
            }
            date_end = (self.out[k].kind == Kind::Date).then_some(self.out[k].range.end);
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read_as_the_standard_parser_reads_them() {
        #[rustfmt::skip]
        let decimals = [
            "0", "5", "5.", ".5", "2.5", "18.66", "34.8", "-4.040947", "+1.25", "0.1", "0.3",
            "500000", "15.06", "3.7927186", "-0.5749223", "123456789012345", "1234567.891",
            "0.000001", "00012.50", "2.50000000000000000000", "9.99999999999999000",
        ];
        for text in decimals {
            let want: f64 = text.parse().unwrap();
            assert_eq!(parse_decimal(text), Some(want), "{text}");
        }
        let long = "123456789012345678901234";
        let got = parse_decimal(long).unwrap();
        assert!((got / long.parse::<f64>().unwrap() - 1.0).abs() < 1e-15, "{got}");
        for text in ["", ".", "-", "1.2.3", "1e5", "1,000", "x", "- 1", "inf", "NaN"] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }

    #[test]
    fn figures_are_written_with_at_most_six_decimals_and_no_trailing_zeros() {
        for (value, text) in [
            (42.0, "42"),
            (42.16, "42.16"),
            (0.5, "0.5"),
            (-3.25, "-3.25"),
            (0.1 + 0.2, "0.3"),
            (1_234_567.0, "1234567"),
            (2.0 / 3.0, "0.666667"),
            (-0.0000001, "0"),
            (1e13, "10000000000000"),
        ] {
            assert_eq!(trim_float(value), text, "{value}");
        }
    }

    fn found(text: &str) -> Vec<(String, Kind, f64)> {
        quantities(text)
            .into_iter()
            .map(|q| (text[q.range.clone()].to_string(), q.kind, q.value))
            .collect()
    }

    fn years(s: &str) -> Kind {
        Kind::Duration(s.to_string())
    }

    #[test]
    fn labels_read_after_their_article() {
        let money = quantities("It cost $40 million.");
        assert_eq!(money[0].kind.label_with_article(), "a sum of money ($)");
        assert_eq!(Kind::Date.label_with_article(), "a date");
        assert_eq!(Kind::Count("injured".into()).label_with_article(), "a number of injured");
        assert_eq!(Kind::Duration("hour".into()).label_with_article(), "a duration in hours");
    }

    #[test]
    fn durations_in_digits_words_and_decades_compare_in_years() {
        for (text, span, value) in [
            ("His family had ruled for over 50 years.", "over 50 years", 50.0),
            ("the end of nearly six decades of rule", "nearly six decades", 60.0),
            ("emerging from five decades of authoritarian rule", "five decades", 50.0),
            ("ending Assad’s over 20-year rule", "over 20-year", 20.0),
            ("after twenty-five years in power", "twenty-five years", 25.0),
            ("for more than 13 years", "more than 13 years", 13.0),
        ] {
            assert_eq!(found(text), vec![(span.to_string(), years("year"), value)], "{text}");
        }
    }

    #[test]
    fn dates_both_orders_and_abbreviated() {
        for (text, span, value) in [
            ("On Sunday afternoon, December 8, the ministry", "December 8", 1208.0),
            ("By the evening of December 7, opponents", "December 7", 1207.0),
            ("on 8 December rebels", "8 December", 1208.0),
            ("on Dec. 8th rebels", "Dec. 8th", 1208.0),
        ] {
            let q = found(text);
            assert!(q.contains(&(span.to_string(), Kind::Date, value)), "{text}: {q:?}");
        }
    }

    #[test]
    fn counts_money_percent_and_years() {
        assert_eq!(
            found("claimed over 500,000 lives since 2012"),
            vec![
                ("over 500,000 lives".to_string(), Kind::Count("dead".into()), 500_000.0),
                ("2012".to_string(), Kind::Year, 2012.0),
            ]
        );
        assert_eq!(
            found("it cost $2.5 million"),
            vec![("$2.5 million".to_string(), Kind::Money("$".into()), 2.5e6)]
        );
        assert_eq!(found("up 3.5 percent"), vec![("3.5 percent".to_string(), Kind::Percent, 3.5)]);
        assert_eq!(found("Sunday"), vec![("Sunday".to_string(), Kind::Weekday, 7.0)]);
    }

    #[test]
    fn tolls_are_recognised_however_they_are_worded() {
        for (text, value, toll) in [
            ("killing at least 12 people", 12.0, "dead"),
            ("At least 12 were killed", 12.0, "dead"),
            ("14 people were confirmed dead", 14.0, "dead"),
            ("injuring 40 others", 40.0, "injured"),
            ("and some 40 hurt", 40.0, "injured"),
            ("38 injured", 38.0, "injured"),
            ("At least 15 people died", 15.0, "dead"),
            ("26 Rafale jets", 26.0, "rafal"),
        ] {
            let q = quantities(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            assert_eq!((q[0].value, &q[0].kind), (value, &Kind::Count(toll.into())), "{text}");
        }
    }

    #[test]
    fn ranges_keep_both_ends() {
        // (text, kind, low, high)
        let table: &[(&str, Kind, f64, f64)] = &[
            ("prosecutors sought 40 to 50 years", years("year"), 40.0, 50.0),
            ("a 40 to 50-year term", years("year"), 40.0, 50.0),
            ("He faces 3-5 years in prison.", years("year"), 3.0, 5.0),
            ("Victims were aged between 3 and 78.", Kind::Count(String::new()), 3.0, 78.0),
            ("a drop of 10 to 15 km", Kind::Distance, 10_000.0, 15_000.0),
        ];
        for (text, kind, low, high) in table {
            let q = quantities(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            assert_eq!((&q[0].kind, q[0].low, q[0].value), (kind, Some(*low), *high), "{text}");
        }
        // Not ranges: a change, a tally that falls, a model number.
        for text in
            ["The toll rose from 4 to 7 dead.", "The vote was 52-48.", "a Boeing 737-800 jet"]
        {
            assert!(quantities(text).iter().all(|q| q.low.is_none()), "{text}");
        }
        let range = &quantities("sought 40 to 50 years")[0];
        let top = &quantities("got 50 years")[0];
        assert!(!range.same_value(top) && !top.same_value(range));
        assert!(range.same_value(&quantities("sought 40-50 years")[0]));
        assert!(!range.same_value(&quantities("sought 30 to 50 years")[0]));
        assert_eq!(years("year").describe_range(range.low, range.value), "40 years to 50 years");
    }

    #[test]
    fn a_figure_is_owned_by_the_name_before_it_in_its_clause() {
        // (text, owner of the last figure)
        let table = [
            ("Additionally, the SNP’s tally is set to fall to 43 seats.", "snp"),
            ("The Greens won four seats.", "green"),
            ("Labour will have about 410 seats once counted, with the tally of the Tories on about 130.", "tori"),
            ("Projections say that Labour will win 410 seats.", "labour"),
            ("Labour is expected to win 410 seats.", "labour"),
            ("Polls suggest the party won 410 seats.", "poll"),
            // Tolls, dates and durations have no owners, nor does a figure after an attribution.
            ("The quake in Taiwan killed 12 people.", ""),
            ("The agency in Taiwan said 9 jets were lost.", ""),
            ("Troops entered Damascus on December 8.", ""),
        ];
        for (text, owner) in table {
            let q = quantities(text);
            assert_eq!(q.last().map(|q| q.owner.as_str()), Some(owner), "{text}: {q:?}");
        }
    }

    #[test]
    fn a_figure_after_a_year_is_told_of_that_year() {
        let q = quantities(
            "It was the strongest in 25 years since a quake struck in 1999, killing 2,400 people.",
        );
        let told: Vec<(f64, Option<f64>)> = q.iter().map(|q| (q.value, q.year)).collect();
        assert_eq!(told, [(25.0, None), (1999.0, None), (2400.0, Some(1999.0))]);
        // After "since", in the year's clause, the figures before the year are of it too.
        let q = quantities("The strongest in 25 years since a 7.2-magnitude quake hit in 1999.");
        let told: Vec<(f64, Option<f64>)> = q.iter().map(|q| (q.value, q.year)).collect();
        assert_eq!(told, [(25.0, None), (7.2, Some(1999.0)), (1999.0, None)]);
        let q = quantities("On April 3, 2024, the quake killed 9 people.");
        assert_eq!(q.last().map(|q| (q.value, q.year)), Some((9.0, None)), "{q:?}");
    }

    #[test]
    fn a_bare_number_in_a_list_counts_what_the_list_counts() {
        let q = found("It is set to drop from 43 seats to just six.");
        assert_eq!(q[1].1, Kind::Count("seat".into()), "{q:?}");
        let q = found("Labour will win 410 seats, with the Tories on about 130.");
        assert_eq!(q[1].1, Kind::Count("seat".into()), "{q:?}");
        // A toll and a bare number before any count stay as they are, and so do a decimal, a
        // number far from the count and one after "from".
        assert_eq!(found("In 2015, 40 were hurt.")[0].1, Kind::Year);
        for text in [
            "Four killed and dozens injured after a quake measuring 7.4 on the scale.",
            "It won 40 seats and then, some weeks after polling day had come and gone, 12.",
            "It holds 40 seats, up from 12.",
        ] {
            let q = found(text);
            assert_eq!(q.last().map(|q| &q.1), Some(&Kind::Count(String::new())), "{text}: {q:?}");
        }
        assert_eq!(found("It killed about 2 thousand 400 people.")[0].2, 2400.0);
    }

    #[test]
    fn and_a_half_is_half_more() {
        for text in ["a six-and-a-half-year sentence", "six and a half years", "6 and a half years"]
        {
            assert_eq!(found(text).first().map(|q| q.2), Some(6.5), "{text}");
        }
        let q = quantities("a plea for a five to six-and-a-half-year term");
        assert_eq!((q[0].low, q[0].value), (Some(5.0), 6.5), "{q:?}");
    }

    #[test]
    fn number_words_without_units_are_skipped() {
        assert_eq!(
            found("at 5 a.m. one of them left"),
            [("5 a.m.".into(), Kind::Time(String::new()), 300.0)]
        );
        assert!(found("one of them left").is_empty());
    }

    #[test]
    fn a_magnitude_is_one_figure_before_its_unit_or_after_it() {
        let magnitude = |text: &str| {
            let q = found(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            (q[0].1.clone(), q[0].2)
        };
        let want = (Kind::Count("magnitud".into()), 6.8);
        for text in [
            "A 6.8-magnitude quake struck the coast.",
            "A quake of magnitude 6.8 struck the coast.",
            "A magnitude-6.8 quake struck the coast.",
            "Magnitude-6.8 quake strikes the coast",
            "It had a magnitude of 6.8, the agency said.",
            "A quake measuring 6.8 on the Richter scale struck the coast.",
        ] {
            assert_eq!(magnitude(text), want, "{text}");
        }
        for text in [
            "The magnitude of 3 disasters in a year stunned the region.",
            "Costs grew by an order of magnitude 10 times over.",
            "The magnitude of 1.5 million displaced shocked aid groups.",
        ] {
            let q = found(text);
            assert!(!q.iter().any(|q| q.1 == want.0), "{text}: {q:?}");
        }
    }

    #[test]
    fn a_twelve_hour_time_without_am_or_pm_is_either_half_of_the_day() {
        let time = |text: &str| quantities(text).remove(0);
        let bare = time("It landed at 6:04 local time.");
        assert!(bare.either_half_day);
        assert!(bare.same_value(&time("It landed at 18:04 local time.")));
        assert!(time("It landed at 6:04 pm.").same_value(&bare));
        assert!(bare.same_value(&time("It landed at 6:04 a.m.")));
        assert!(!bare.same_value(&time("It began its descent at 5:45 pm.")));
        // Written with a leading zero, or past noon, or with its half of the day, a time is
        // that time only.
        for text in ["It landed at 06:04.", "It landed at 18:04.", "It landed at 6:04 a.m."] {
            assert!(!time(text).either_half_day, "{text}");
        }
        assert!(!time("It landed at 06:04.").same_value(&time("It landed at 18:04.")));
        // Noon's hour is midnight's too; a zone of fixed offset is written in 24 hours.
        assert!(time("Doors opened at 12:30.").same_value(&time("Doors opened at 00:30.")));
        assert!(time("Doors opened at 12:30.").same_value(&time("Doors opened at 12:30 pm.")));
        assert!(!time("It landed at 10:30 GMT.").either_half_day);
        assert!(time("It landed at 10:30 local time.").either_half_day);
    }

    #[test]
    fn times_of_day_are_minutes_after_midnight_in_their_zone() {
        let local = || Kind::Time(String::new());
        let utc = || Kind::Time("utc".into());
        for (text, kind, minutes) in [
            ("The plane crashed at 9:03 a.m near the coast.", local(), 543.0),
            ("It crashed at 9:03 a.m. local time.", local(), 543.0),
            ("It crashed at 09:03, officials said.", local(), 543.0),
            ("Doors opened at 12:30 pm.", local(), 750.0),
            ("The blast came at 12 a.m.", local(), 0.0),
            ("It crashed at 00:03 GMT.", utc(), 3.0),
            ("It crashed at 9:03 KST.", utc(), 3.0),
            ("Liftoff came at 8:25 a.m. ET.", Kind::Time("et".into()), 505.0),
        ] {
            let q = quantities(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            assert_eq!((&q[0].kind, q[0].value), (&kind, minutes), "{text}");
        }
        // No clock: a score, a ratio, a bare hour.
        for text in
            ["They won 3:1 at home.", "The vote split 2:1 for the plan.", "We met at 9 on Friday."]
        {
            assert!(!quantities(text).iter().any(|q| matches!(q.kind, Kind::Time(_))), "{text}");
        }
        assert_eq!(Kind::Time("utc".into()).describe(3.0), "00:03 UTC");
        assert_eq!(Kind::Time(String::new()).describe(543.0), "09:03");
    }

    #[test]
    fn identifiers_ordinals_brackets_and_years_as_names_are_no_figures() {
        for text in [
            "The Boeing 737-800 came down near the runway.",
            "Flight 7C2216 came from Bangkok.",
            "The council passed Resolution 2334 last week.",
            "Traffic on Route 66 stopped.",
            "Its A320neo jets stayed grounded.",
            "He scored in the 47th minute.",
            "Most of the victims were in their 20s and 40s.",
            "It was the party's worst result since the 1990s.",
            "She led the 2024 campaign.",
            "Passengers boarded at gate 12.",
            "India's Chandrayaan-3 landed near the pole.",
            "Luna-25 crashed on the Moon.",
            "COVID-19 closed the schools.",
            "Its F-35 jets flew over the city.",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
        // Still figures: a month or weekday before a number, a headline in title case, a year
        // standing alone, a sentence's first word.
        assert_eq!(found("It began in July 2024.")[0].1, Kind::Year);
        assert_eq!(found("Quake Kills 9 People In Taiwan").len(), 1);
        assert_eq!(found("It has grown since 2015.")[0].1, Kind::Year);
        assert_eq!(found("Twelve people died; 40 were hurt.").len(), 2);
        // A name's number is no figure, the sentence's others are; a lower-case word or a word
        // that dates, bounds or ranks is no name.
        assert_eq!(found("Chandrayaan-1 found water in 2008.")[..], [found("in 2008.")[0].clone()]);
        assert_eq!(found("Sales fell in Mid-2024 by 4%.")[0].1, Kind::Year);
        assert_eq!(found("The under-5 group grew 4%.").len(), 2);
        assert_eq!(found("The Under-18 group grew 4%.").len(), 2);
    }

    #[test]
    fn scores_are_their_own_kind_and_ranges_are_not_scores() {
        assert_eq!(found("Spain won 2-1 in Berlin."), [("2-1".into(), Kind::Score, 201.0)]);
        assert_eq!(found("England lost 1–2 to Spain.")[0].2, 201.0);
        assert_eq!(found("It was a 3-0 defeat.")[0].1, Kind::Score);
        assert_eq!(Kind::Score.describe(201.0), "2-1");
        assert!(!found("He faces 3-5 years in prison.").iter().any(|q| q.1 == Kind::Score));
        assert!(!found("The vote was 52-48 for the plan.").iter().any(|q| q.1 == Kind::Score));
    }

    #[test]
    fn distances_convert_and_rounding_is_no_disagreement() {
        let q = |t: &str| quantities(t).into_iter().find(|q| q.kind == Kind::Distance).unwrap();
        let same = |a: &str, b: &str| q(a).same_value(&q(b));
        assert!(same("It struck 15 miles offshore.", "It struck 24 km offshore."));
        assert!(same("The depth was 34.8 kilometers.", "The depth was 35 km."));
        assert!(same("The rocket is 397 feet tall.", "The nearly 400-foot rocket rose."));
        assert!(same("at a depth of 15.5km", "at a depth of 15.5 kilometres"));
        assert!(!same("at a depth of 15.5km", "at a depth of 34.8 km"));
        assert!(!same("the 233-foot booster", "the 232-foot booster"));
        assert!(!same("It struck 18 km away.", "It struck 25 km away."));
        assert!(same("The 400-foot rocket rose.", "It stands 397 feet tall."));
        let dead = |t: &str| quantities(t).remove(0);
        assert!(!dead("It killed 10 people.").same_value(&dead("It killed 12 people.")));
        assert!(!dead("It killed 200 people.").same_value(&dead("It killed 210 people.")));
        assert_eq!(Kind::Distance.describe(24_140.16), "24.14 km");
        assert_eq!(Kind::Distance.describe(71.0184), "71 m");
        // "$5m" is money, not five metres.
        assert!(quantities("It cost $5m.").iter().all(|q| q.kind != Kind::Distance));
        // Other figures round too: "nearly six decades" is not "over 50 years".
        let years = |t: &str| quantities(t).remove(0);
        assert!(!years("for over 50 years").same_value(&years("nearly six decades")));
        assert!(years("about 2.5 million").same_value(&years("2.4 million")));
    }

    #[test]
    fn ages_are_years() {
        let years = || Kind::Duration("year".into());
        assert_eq!(found("The driver, aged 32, fled."), [("32".into(), years(), 32.0)]);
        assert_eq!(found("A 32-year-old man was arrested.")[0].1, years());
        assert_eq!(found("He served 32 years.")[0].1, years());
    }
}
