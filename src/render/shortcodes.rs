//! Shortcodes in paper text: cross-references (`ref`), links to other
//! papers (`paper`), single figures (`figure`) and whole fund tables
//! (`fund`) from plan data, so narrative and tables can never disagree.

use super::format::money_text;
use super::funds::fund_view;
use super::markdown::Shortcodes;
use super::{escape, urls, Renderer};
use crate::calc::FundTotals;
use crate::diagnostics::did_you_mean;
use crate::model::{ListName, Measure, Money, Paper, Plan};

/// Shortcodes for one paper's page.
pub(crate) struct PaperShortcodes<'a> {
    pub(crate) r: &'a Renderer<'a>,
    /// `None` for the body of a paper whose front matter could not be read
    /// ([`check_unread_bodies`]): what needs the paper's own fields (its
    /// `plans`, the targets of a `ref`) is then not checked.
    pub(crate) paper: Option<&'a Paper>,
    /// The page path, for relative links.
    pub(crate) page: &'a str,
    /// Whether the page goes into the search index (its fund tables then
    /// keep their charts, download links and checks out of it).
    pub(crate) searchable: bool,
}

type Outcome = Result<String, (String, String)>;

/// Every shortcode a paper's text may use, for hints.
const SHORTCODES: [&str; 6] = ["ref", "paper", "figure", "progress", "fund", "quoted"];

fn err(message: impl Into<String>, hint: impl Into<String>) -> (String, String) {
    (message.into(), hint.into())
}

/// A label as the clerk may quote it, `"Protection of social care"` or
/// `“Protection of social care”`, without its quotes.
fn unquote(name: &str) -> &str {
    [('"', '"'), ('“', '”')]
        .iter()
        .find_map(|&(open, close)| {
            name.strip_prefix(open)
                .and_then(|n| n.strip_suffix(close))
                .filter(|n| !n.is_empty())
        })
        .unwrap_or(name)
}

/// An argument as a shortcode writes it: in quotes when it has a space
/// (`2017-11`, `"2017/18 Q3"`).
fn code_arg(code: &str) -> String {
    if code.contains(char::is_whitespace) {
        format!("\"{code}\"")
    } else {
        code.to_string()
    }
}

/// `year` as the shortcode writes it: `year=2018/19`, or
/// `year="Outturn 2016/17"` for a label with spaces.
fn year_arg(year: &str) -> String {
    format!("year={}", code_arg(year))
}

/// A `figure` shortcode's `year` as written.
struct YearArg {
    /// The year, without quotes.
    value: String,
    /// Written as the last word, `year=<year>` (or `year="<label>"`).
    well_placed: bool,
}

/// The words of a `figure` shortcode after the measure, split into the
/// name and the `year`, wherever and however the year is written:
/// `year=2018/19`, `year = 2018/19`, `year="Outturn 2016/17"`, before the
/// name or after it. A quoted year is one word as the shortcode is parsed
/// (`markdown::parse_shortcode`).
fn split_year<'w>(words: &[&'w str]) -> (Vec<&'w str>, Option<YearArg>) {
    let starts = |i: usize| -> Option<(usize, String)> {
        let w = words[i];
        let next = words.get(i + 1).copied();
        let after = words.get(i + 2).copied();
        // (words taken, the value's first word)
        match (w, next, after) {
            (w, _, _) if w.len() > 5 && w.starts_with("year=") => Some((1, w[5..].to_string())),
            ("year=", Some(v), _) => Some((2, v.to_string())),
            ("year", Some("="), Some(v)) => Some((3, v.to_string())),
            ("year", Some(n), _) if n.len() > 1 && n.starts_with('=') => {
                Some((2, n[1..].to_string()))
            }
            _ => None,
        }
    };
    let Some((at, (taken, first))) = (0..words.len()).find_map(|i| starts(i).map(|s| (i, s)))
    else {
        return (words.to_vec(), None);
    };
    let end = at + taken;
    let spaced = taken > 1;
    let value = unquote(&first).to_string();
    let name: Vec<&str> = words[..at].iter().chain(&words[end..]).copied().collect();
    let arg = YearArg {
        well_placed: end == words.len() && !spaced,
        value,
    };
    (name, Some(arg))
}

/// A figure the fund does not give, as a message and a hint that gives
/// the shortcode to write (the message is the one a national condition
/// gives for the same mistake).
fn figure_error(
    e: &crate::calc::fund::FigureError,
    written: &dyn Fn(Option<&str>) -> String,
) -> (String, String) {
    use crate::calc::fund::FigureError;
    // The shortcode for each of the fund's columns, as alternatives.
    let each_column = |years: &[String]| {
        let each: Vec<String> = years.iter().map(|l| written(Some(l))).collect();
        each.join(" or ")
    };
    let hint = match e {
        FigureError::NoSuchYear {
            same,
            years,
            adds_up,
            ..
        } => match same.as_slice() {
            [label, ..] => format!(
                "write the year as the fund does, {}: {}",
                year_arg(label),
                written(Some(label))
            ),
            // Columns that are not added up have no figure for all of them.
            [] if !adds_up => format!("write the column: {}", each_column(years)),
            [] => format!(
                "for one year write {}; for all years together, {}",
                each_column(years),
                written(None)
            ),
        },
        FigureError::NotItsPeriod {
            year,
            period: Some(p),
            ..
        } => format!(
            "leave year= out for the fund's figure for {p}: {}; a figure for {year} comes from a fund for {year}",
            written(None)
        ),
        FigureError::NotItsPeriod {
            year, period: None, ..
        } => format!(
            "leave year= out: {}; or, if the fund's figures are for {year}, give the fund period = \"{year}\"",
            written(None)
        ),
        FigureError::NotAddedUp { years, .. } => {
            format!("give the column: {}", each_column(years))
        }
        FigureError::Other(_) => FIGURE_HINT.to_string(),
    };
    (e.to_string(), hint)
}

const FIGURE_HINT: &str = "measures: total; sources, applications, source LABEL, application LABEL (flow); income, expenditure, balance (balance); line LABEL, group ID (lists); column BODY, scheme NAME (matrix); add year=2017/18 for one year of a fund by year";

impl PaperShortcodes<'_> {
    /// The year of a fund by year that a `figure` shortcode's `year` names
    /// (`Some`), or `None` for a fund of one period whose period it names;
    /// else a message and a hint that gives the shortcode to write.
    fn year_of(
        &self,
        plan: &Plan,
        fund: &crate::model::Fund,
        year: &YearArg,
        written: &dyn Fn(Option<&str>) -> String,
    ) -> Result<Option<String>, (String, String)> {
        let y = year.value.as_str();
        let label = crate::calc::fund::period_index(plan, fund, Some(y))
            .map_err(|e| figure_error(&e, written))?
            .and_then(|i| fund.years.get(i).cloned());
        if year.well_placed {
            return Ok(label);
        }
        Err(err(
            format!("`year` in a figure is one word at its end: year={y}"),
            match &label {
                Some(l) => format!("write {}", written(Some(l))),
                None => format!(
                    "write {}, or leave year= out: {}",
                    written(Some(y)),
                    written(None)
                ),
            },
        ))
    }

    /// Whether a plan (or one of its funds) was left out because of mistakes
    /// already reported with it: a shortcode naming it draws nothing and is
    /// not reported again as naming something that does not exist. The
    /// build fails on the plan's own errors, so nothing is published.
    fn unreadable(&self, plan: &str, fund: &str) -> bool {
        self.r.site.unreadable_plans.iter().any(|p| p == plan)
            || self
                .r
                .site
                .plan(plan)
                .is_some_and(|p| p.unreadable_funds.iter().any(|f| f == fund))
    }

    fn plan(&self, id: &str) -> Result<&Plan, (String, String)> {
        let Some(plan) = self.r.site.plan(id) else {
            let ids = self.r.site.plans.iter().map(|p| p.id.as_str());
            let hint = did_you_mean(id, ids).map_or_else(
                || "plans are files in content/plans/; use the file name without .toml".to_string(),
                |s| format!("did you mean \"{s}\"?"),
            );
            return Err(err(format!("unknown plan \"{id}\""), hint));
        };
        if self
            .paper
            .is_some_and(|paper| !paper.plans.iter().any(|p| p.value == id))
        {
            return Err(err(
                format!("plan \"{id}\" is used but not listed in this paper's `plans`"),
                format!("add plans = [\"{id}\"] to the front matter, so readers can see which data the paper cites"),
            ));
        }
        Ok(plan)
    }

    fn fund<'p>(
        &self,
        plan: &'p Plan,
        id: &str,
    ) -> Result<(&'p crate::model::Fund, &FundTotals), (String, String)> {
        let fund = plan.fund(id).ok_or_else(|| {
            let ids: Vec<&str> = plan.funds.iter().map(|f| f.id.as_str()).collect();
            err(
                format!("plan \"{}\" has no fund \"{id}\"", plan.id),
                did_you_mean(id, ids.iter().copied()).map_or_else(
                    || format!("its funds are: {}", ids.join(", ")),
                    |s| format!("did you mean \"{s}\"?"),
                ),
            )
        })?;
        let totals = self
            .r
            .calc
            .fund(&plan.id, &fund.id)
            .ok_or_else(|| err("fund totals are missing", "this is a bug in plansite"))?;
        Ok((fund, totals))
    }

    fn figure(&self, args: &[&str]) -> Outcome {
        const HINT: &str = FIGURE_HINT;
        // `year` may be written anywhere after the fund; it is taken out
        // before the measure is read.
        let (args, year) = match args {
            [plan_id, fund_id, after @ ..] => {
                let (after, year) = split_year(after);
                (
                    [*plan_id, *fund_id].into_iter().chain(after).collect(),
                    year,
                )
            }
            _ => (args.to_vec(), None),
        };
        let [plan_id, fund_id, measure, rest @ ..] = args.as_slice() else {
            return Err(err(
                "figure needs a plan, a fund and a measure",
                "e.g. {{ figure kent-bcf-2015-16 flow-of-funds total }}",
            ));
        };
        if self.unreadable(plan_id, fund_id) {
            return Ok(String::new());
        }
        let plan = self.plan(plan_id)?;
        let (fund, totals) = self.fund(plan, fund_id)?;
        // The shortcode as it should be written, with `year` as given.
        let written = |year: Option<&str>| {
            let mut words: Vec<String> = [*plan_id, *fund_id, *measure]
                .iter()
                .chain(rest.iter())
                .map(|w| w.to_string())
                .collect();
            words.extend(year.map(year_arg));
            format!("{{{{ figure {} }}}}", words.join(" "))
        };
        let year = match year {
            None => None,
            Some(y) => Some(self.year_of(plan, fund, &y, &written)?),
        };
        let year = year.flatten();
        let name = unquote(&rest.join(" ")).to_string();
        let m = match (*measure, name.is_empty()) {
            ("total" | "pool", true) => Some(Measure::Total),
            ("sources", true) => Some(Measure::ListTotal(ListName::Sources)),
            ("applications", true) => Some(Measure::ListTotal(ListName::Applications)),
            ("income", true) => Some(Measure::ListTotal(ListName::Income)),
            ("expenditure", true) => Some(Measure::ListTotal(ListName::Expenditure)),
            ("balance", true) => Some(Measure::Balance),
            ("source", false) => Some(Measure::Line(Some(ListName::Sources), name.clone())),
            ("application", false) => {
                Some(Measure::Line(Some(ListName::Applications), name.clone()))
            }
            ("line", false) => Some(Measure::Line(None, name.clone())),
            ("group", false) => Some(Measure::Group(name.clone())),
            ("column", false) => Some(Measure::Column(name.clone())),
            ("scheme", false) => Some(Measure::Scheme(name.clone())),
            _ => None,
        };
        let Some(m) = m else {
            return Err(err(
                format!(
                    "no figure \"{}\" in fund \"{}\"",
                    [*measure]
                        .iter()
                        .chain(rest)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" "),
                    fund.id
                ),
                HINT,
            ));
        };
        match crate::calc::fund::figure(plan, fund, totals, &m, year.as_deref()) {
            Ok(f) => {
                let text = |v| money_text(Money::new(v, fund.unit), self.r.config.money_style);
                // A figure the source printed although it does not add up is
                // shown as printed, as the fund's table shows it, and says so.
                // A total for all years that adds a year's figure kept as
                // printed names it, as the table's note does.
                let flag = if f.adds_printed() {
                    format!(
                        " (adding {} as printed; its figures add up to {})",
                        super::funds::added_printed_list(fund, &f, &text),
                        text(f.computed)
                    )
                } else {
                    f.flag().map_or_else(String::new, |flag| {
                        format!(" ({flag}; its figures add up to {})", text(f.computed))
                    })
                };
                Ok(format!(
                    "<data class=\"figure\" value=\"{}\">{}</data>{}",
                    f.value,
                    escape(&text(f.value)),
                    escape(&flag)
                ))
            }
            Err(why) => Err(figure_error(&why, &written)),
        }
    }

    fn reference(&self, args: &[&str]) -> Outcome {
        let [target] = args else {
            return Err(err(
                "ref needs one label or paragraph number",
                "e.g. {{ ref 4.5 }} or {{ ref pooled-budget }}",
            ));
        };
        let Some(paper) = self.paper else {
            return Ok(String::new());
        };
        match paper.targets.resolve(target) {
            Some((anchor, cite)) => Ok(format!("<a href=\"#{anchor}\">{}</a>", escape(&cite))),
            None => Err(err(
                format!("no paragraph or section \"{target}\" in this paper"),
                "refer to a paragraph number as published (4.5) or a label written as {#label} at the start of a paragraph or the end of a heading",
            )),
        }
    }

    /// `{{ progress SERIES PERIOD }}`: a progress figure as its series'
    /// page shows it at its head ("62.3% (provisional)"), for PERIOD
    /// (written as in the series file: `2023-12`, `"2023/24 Q3"`,
    /// `2023/24`). So a paper's performance figures come from the data,
    /// not typed again.
    fn progress(&self, args: &[&str]) -> Outcome {
        const HINT: &str = "e.g. {{ progress northfield-ae 2017-12 }}: the series, then the period (a month 2017-12, a quarter \"2017/18 Q3\", a year 2017/18)";
        let [series, period @ ..] = args else {
            return Err(err("progress needs a series", HINT));
        };
        if self.r.site.unreadable_progress.iter().any(|s| s == series) {
            return Ok(String::new());
        }
        let Some(p) = self.r.calc.progress.get(*series) else {
            // A series that exists but could not be worked out (its
            // standard is misspelt, say) has its own error: nothing is
            // drawn and no other series is offered.
            if self.r.site.progress.iter().any(|s| s.id == *series) {
                return Ok(String::new());
            }
            let known = self.r.site.progress.iter().map(|s| s.id.as_str());
            return Err(err(
                format!("unknown series \"{series}\""),
                match did_you_mean(series, known) {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => "name a series by its file's name in content/progress/, without .toml"
                        .into(),
                },
            ));
        };
        // A paper is a record of what it told its meeting: the period is
        // always named, so that the figure is the same however many later
        // figures the series gains.
        if period.is_empty() {
            return Err(err(
                format!("progress needs the period of the figure, after the series \"{series}\""),
                match p.latest() {
                    Some(f) => format!(
                        "a paper keeps the figure of its time: write {{{{ progress {series} {} }}}} for its latest figure, {}",
                        code_arg(&f.period.code()),
                        super::standards_pages::period_text(&f.period)
                    ),
                    None => format!("series \"{series}\" has no figures yet"),
                },
            ));
        }
        let text = unquote(&period.join(" ")).to_string();
        let Some(period) = crate::content::parse_period(&text) else {
            return Err(err(format!("\"{text}\" is not a period"), HINT));
        };
        let name = super::standards_pages::period_text(&period);
        let Some(figure) = p.history.iter().find(|f| f.period.same_span(period)) else {
            if let Some(m) = p.missing.iter().find(|m| m.period.same_span(period)) {
                return Err(err(
                    format!(
                        "series \"{series}\" has no figure for {name}{}",
                        m.reason
                            .as_ref()
                            .map_or_else(String::new, |r| format!(": {r}"))
                    ),
                    "say so in words; a figure shown here must be one the series holds",
                ));
            }
            let held: Vec<String> = p.history.iter().map(|f| f.period.code()).collect();
            return Err(err(
                format!("series \"{series}\" has no figure for {name}"),
                if held.is_empty() {
                    "it has no figures yet".to_string()
                } else {
                    format!("its figures are for {}", held.join(", "))
                },
            ));
        };
        Ok(format!(
            "<data class=\"figure\" value=\"{}\">{}</data>",
            figure.value,
            escape(&super::standards_pages::headline_text(
                figure,
                p.measure.unit
            ))
        ))
    }

    /// `{{ quoted £3.9bn }}`: a figure that does not come from the plan
    /// data (a national figure, a quotation), shown as written and left out
    /// of the check of typed figures.
    fn quoted(&self, args: &[&str]) -> Outcome {
        if args.is_empty() {
            return Err(err(
                "quoted needs the figure as written",
                "e.g. {{ quoted £3.9 billion }}",
            ));
        }
        Ok(escape(&args.join(" ")))
    }

    fn paper_link(&self, args: &[&str]) -> Outcome {
        let [target] = args else {
            return Err(err(
                "paper needs one reference",
                "e.g. {{ paper kent-hwb/2016-01-27/new-planning-arrangements }}",
            ));
        };
        let (key, anchor) = match target.split_once('#') {
            Some((k, a)) => (k, Some(a)),
            None => (*target, None),
        };
        let Some((target, path)) = self.r.paper_page(key) else {
            if self.r.site.paper_unreadable(key) {
                // Its own mistakes are reported with it, and fail the build.
                return Ok(String::new());
            }
            return Err(err(
                format!("no paper \"{key}\""),
                did_you_mean(key, self.r.site.paper_keys())
                    .map_or_else(|| "write board/meeting/paper, e.g. kent-hwb/2016-01-27/new-planning-arrangements".to_string(), |s| format!("did you mean \"{s}\"?")),
            ));
        };
        let href = urls::link(self.page, &path);
        let Some(anchor) = anchor else {
            return Ok(format!(
                "<a href=\"{}\">{}</a>",
                escape(&href),
                escape(&target.title)
            ));
        };
        if matches!(target.access, crate::model::Access::Exempt { .. }) {
            return Err(err(
                format!("\"{key}\" is exempt, so its paragraphs are not published"),
                "link to the paper without #…; its content is never published",
            ));
        }
        match target.targets.resolve(anchor) {
            Some((a, cite)) => Ok(format!(
                "<a href=\"{}#{a}\">{}, {}</a>",
                escape(&href),
                escape(&target.title),
                escape(&cite)
            )),
            None => Err(err(
                format!("paper \"{key}\" has no paragraph or section \"{anchor}\""),
                did_you_mean(anchor, target.targets.anchors().iter().map(String::as_str)).map_or_else(
                    || "write an anchor such as para-4-5 or section-4, a paragraph number (4.5) or a label".to_string(),
                    |s| format!("did you mean \"{s}\"?"),
                ),
            )),
        }
    }
}

/// Checks the shortcodes in the body of each paper whose front matter
/// could not be read ([`crate::model::Site::unread_bodies`]): their syntax,
/// their names, and the plans, funds, figures and series they name, which
/// do not depend on the paper's own fields; what does (a plan listed in
/// its `plans`, a `ref` to its own paragraphs) is left until the front
/// matter reads. Nothing is drawn: the build fails on the front matter.
pub(crate) fn check_unread_bodies(r: &Renderer<'_>, diags: &mut crate::diagnostics::Diagnostics) {
    for body in &r.site.unread_bodies {
        let sc = PaperShortcodes {
            r,
            paper: None,
            page: "index.html",
            searchable: false,
        };
        let origin = super::markdown::Origin {
            path: &body.path,
            line: body.line,
        };
        super::markdown::render(&body.text, &origin, &sc, diags);
    }
}

impl Shortcodes for PaperShortcodes<'_> {
    fn allow_raw_html(&self) -> bool {
        self.r.config.allow_raw_html
    }

    fn inline(&self, name: &str, args: &[&str]) -> Outcome {
        match name {
            "ref" => self.reference(args),
            "paper" => self.paper_link(args),
            "figure" => self.figure(args),
            "progress" => self.progress(args),
            "quoted" => self.quoted(args),
            "fund" => Err(err(
                "fund tables must stand in a paragraph of their own",
                "put {{ fund PLAN FUND }} on its own line with blank lines around it",
            )),
            other => Err(err(
                format!("unknown shortcode \"{other}\""),
                did_you_mean(other, SHORTCODES).map_or_else(
                    || format!("shortcodes: {}", SHORTCODES.join(", ")),
                    |s| format!("did you mean \"{s}\"?"),
                ),
            )),
        }
    }

    fn is_block(&self, name: &str) -> bool {
        name == "fund"
    }

    fn block(&self, name: &str, args: &[&str]) -> Option<Outcome> {
        if name != "fund" {
            return None;
        }
        let [plan_id, fund_id] = args else {
            return Some(Err(err(
                "fund needs a plan and a fund",
                "e.g. {{ fund kent-bcf-2015-16 flow-of-funds }}",
            )));
        };
        Some((|| {
            if self.unreadable(plan_id, fund_id) {
                return Ok(String::new());
            }
            let plan = self.plan(plan_id)?;
            let (fund, totals) = self.fund(plan, fund_id)?;
            // The table's only links are to its plan's pages and data files
            // (under `plans/`, never under a paper's folder), so every page at
            // the same depth gets the same HTML: it is drawn once per build.
            let key = (
                plan.id.clone(),
                fund.id.clone(),
                urls::root_of(self.page),
                self.searchable,
            );
            let drawn = self.r.fund_blocks.lock().ok();
            if let Some(html) = drawn.as_ref().and_then(|d| d.get(&key)) {
                return Ok(html.clone());
            }
            drop(drawn);
            let published = fund_view(self.r.config, plan, fund, totals, self.page);
            let html = self
                .r
                .fund_html(&published.view, 3, self.searchable, self.page)
                .map_err(|d| (d.message, d.hint.unwrap_or_default()))?;
            if let Ok(mut drawn) = self.r.fund_blocks.lock() {
                drawn.insert(key, html.clone());
            }
            Ok(html)
        })())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (String, Option<(String, bool)>) {
        let (_, words) = crate::render::markdown::parse_shortcode(s)
            .ok()
            .flatten()
            .map(|(first, rest)| ("", [vec![first], rest].concat()))
            .expect("parsed");
        let (name, year) = split_year(&words);
        (name.join(" "), year.map(|y| (y.value, y.well_placed)))
    }

    #[test]
    fn a_year_is_found_wherever_and_however_it_is_written() {
        let y = |v: &str, ok| Some((v.to_string(), ok));
        assert_eq!(split("group ccg"), ("group ccg".into(), None));
        assert_eq!(
            split("group ccg year=2018/19"),
            ("group ccg".into(), y("2018/19", true))
        );
        assert_eq!(
            split("line \"Carers\" year=\"Outturn 2016/17\""),
            ("line \"Carers\"".into(), y("Outturn 2016/17", true))
        );
        assert_eq!(
            split("year=2018/19 group ccg"),
            ("group ccg".into(), y("2018/19", false))
        );
        assert_eq!(
            split("group ccg year = 2018/19"),
            ("group ccg".into(), y("2018/19", false))
        );
        assert_eq!(
            split("group ccg year =2018/19"),
            ("group ccg".into(), y("2018/19", false))
        );
        // "year" in a label is the label's, quoted or not, with `=` in it.
        assert_eq!(
            split("line Full year effect"),
            ("line Full year effect".into(), None)
        );
        assert_eq!(
            split("line \"Full year = 2016/17 uplift\" year=\"2016 to 2017\""),
            (
                "line \"Full year = 2016/17 uplift\"".into(),
                y("2016 to 2017", true)
            )
        );
        assert_eq!(
            split("line “Carers  breaks” year = “2016 to 2017”"),
            ("line “Carers  breaks”".into(), y("2016 to 2017", false))
        );
    }
}
