//! The channel page as the template shows it: the figures of
//! `trappe_core::contacts::channel_page` written out in the visitor's language (Danish
//! thousands separators and decimal commas), the charts placed, the forms' values and
//! their errors. The handlers in `routes::channels` only parse, call the store and render.

use crate::contacts::channel_charts::{self, ChannelStyle, ShareChart, StackedBars};
use crate::kit::i18n::Fmt;
use crate::kit::i18n::Lang;
use std::collections::HashMap;
use trappe_core::contacts::channel_page::{
    ChannelPage, Prices, Rating, Scenario, ScenarioError, ScenarioResult, SettingError, TargetScope,
};
use trappe_core::contacts::Channel;

/// How many services the page lists.
pub const TOP_SERVICES: usize = 15;
/// How many services the scenario form offers.
pub const SCENARIO_SERVICES: usize = 200;

/// A channel's name in the language ("Telefon", "Borgerservice (personligt fremmøde)").
pub fn channel_label(lang: Lang, c: Channel) -> String {
    lang.t(&format!("channel-{}", c.name()))
}

fn scope_label(lang: Lang, s: TargetScope) -> String {
    match s {
        TargetScope::Digital => lang.t("channels-digital-total"),
        TargetScope::Channel(c) => channel_label(lang, c),
    }
}

/// A service's name, or "(no service given)".
pub fn service_label(lang: Lang, s: &str) -> String {
    if s.is_empty() {
        lang.t("channels-no-service")
    } else {
        s.to_string()
    }
}

pub struct ChannelOption {
    pub name: &'static str,
    pub label: String,
}

pub struct MonthRow {
    pub month: String,
    pub contacts: String,
    /// Per column of `ChannelView::columns`.
    pub cells: Vec<String>,
    pub digital: String,
    pub share: String,
    pub cost: String,
    pub unpriced: String,
}

pub struct ChannelRow {
    pub name: &'static str,
    pub label: String,
    pub digital: bool,
    pub contacts: String,
    pub share: String,
    pub repeated: String,
    pub repeat_rate: String,
    pub sat_answered: String,
    pub sat_mean: String,
    pub csat: String,
    pub effort_answered: String,
    pub effort_mean: String,
    pub effort_high: String,
    pub price: String,
    pub cost: String,
}

pub struct ServiceRow {
    pub label: String,
    pub contacts: String,
    pub repeated: String,
    pub repeat_rate: String,
    /// "Telefon 100 (55,6 %), Selvbetjening 80 (44,4 %)".
    pub split: String,
}

pub struct TargetRow {
    pub scope: &'static str,
    pub label: String,
    /// "mindst 80,0 %" / "højst 20,0 %".
    pub target: String,
    pub due_iso: String,
    pub due: String,
    pub actual: String,
    pub status: String,
    pub met: Option<bool>,
}

pub struct PriceField {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
}

/// The target form's values and errors, kept when it is sent back.
#[derive(Default)]
pub struct TargetForm {
    pub scope: String,
    pub share: String,
    pub due: String,
    pub errors: HashMap<String, String>,
}

impl TargetForm {
    pub fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

pub struct ServiceOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct ScenarioLine {
    pub label: String,
    pub before: String,
    pub after: String,
    pub change: String,
}

/// The scenario form's values, its errors and, when it could be worked out, its result.
pub struct ScenarioView {
    pub from: String,
    pub to: String,
    pub percent: String,
    pub services: Vec<ServiceOption>,
    pub errors: HashMap<String, String>,
    pub lines: Vec<ScenarioLine>,
    pub summary: String,
    pub notes: Vec<String>,
}

impl ScenarioView {
    pub fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// What the scenario form sent (query parameters).
#[derive(Default, Debug, Clone)]
pub struct ScenarioQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub percent: Option<String>,
    pub services: Vec<String>,
}

impl ScenarioQuery {
    pub fn from_pairs(pairs: &[(String, String)]) -> ScenarioQuery {
        let mut q = ScenarioQuery::default();
        for (k, v) in pairs {
            match k.as_str() {
                "from" => q.from = Some(v.clone()),
                "to" => q.to = Some(v.clone()),
                "percent" => q.percent = Some(v.clone()),
                "service" if !v.is_empty() => q.services.push(v.clone()),
                _ => {}
            }
        }
        q
    }

    fn asked(&self) -> bool {
        self.from.is_some() || self.to.is_some() || self.percent.is_some()
    }
}

/// Everything the channel page shows.
pub struct ChannelView {
    pub has_log: bool,
    pub styles: Vec<ChannelStyle>,
    pub all_channels: Vec<ChannelOption>,
    pub scopes: Vec<ChannelOption>,
    pub headline: String,
    pub columns: Vec<ChannelOption>,
    pub months: Vec<MonthRow>,
    pub total_row: MonthRow,
    pub mix_chart: Option<StackedBars>,
    pub mix_summary: String,
    pub share_chart: Option<ShareChart>,
    pub share_summary: String,
    pub channels: Vec<ChannelRow>,
    pub repeat_summary: String,
    /// Why satisfaction, and effort, cannot be computed (no answers in the log).
    pub satisfaction_unknown: Option<String>,
    pub effort_unknown: Option<String>,
    pub services: Vec<ServiceRow>,
    pub services_more: Option<String>,
    pub targets: Vec<TargetRow>,
    pub target_form: TargetForm,
    pub prices: Vec<PriceField>,
    pub price_errors: bool,
    pub cost_total: Option<String>,
    pub cost_note: Option<String>,
    pub cost_summary: String,
    pub scenario: ScenarioView,
}

/// The price form as sent back with its errors.
pub struct PriceForm {
    pub values: HashMap<String, String>,
    pub errors: Vec<SettingError>,
}

impl ChannelView {
    /// The channel page's view, a section at a time.
    pub fn new(
        lang: Lang,
        page: &ChannelPage,
        prices: &Prices,
        price_form: Option<&PriceForm>,
        target_form: TargetForm,
        scenario: (ScenarioQuery, Option<Result<ScenarioResult, ScenarioError>>),
    ) -> ChannelView {
        let f = Fmt(lang);
        let present: Vec<Channel> = page.channels.iter().map(|c| c.channel).collect();
        let columns = options(lang, present.iter().copied());
        let (months, total_row) = month_table(lang, page, &present);
        let words = Words::new(lang, page);
        let (mix_chart, mix_summary) = mix_section(&words, page, &present);
        let (share_chart, share_summary) = share_section(lang, page);
        let (satisfaction_unknown, effort_unknown) = unanswered(lang, page);
        let (services, services_more) = service_rows(&words, page);
        let (price_errors, prices) = price_fields(lang, prices, price_form);
        let (cost_note, cost_summary) = cost_texts(&words, page);
        let mut scopes = vec![ChannelOption {
            name: "digital",
            label: lang.t("channels-digital-total"),
        }];
        scopes.extend(options(lang, Channel::ALL));
        ChannelView {
            has_log: page.contacts > 0,
            styles: channel_charts::styles(),
            all_channels: options(lang, Channel::ALL),
            scopes,
            headline: headline(&words, page),
            columns,
            months,
            total_row,
            mix_chart,
            mix_summary,
            share_chart,
            share_summary,
            channels: channel_rows(&words, page),
            repeat_summary: repeat_summary(lang, page),
            satisfaction_unknown,
            effort_unknown,
            services,
            services_more,
            targets: target_rows(lang, page),
            target_form,
            price_errors: !price_errors.is_empty(),
            prices,
            cost_total: page.cost.map(|c| f.kr(c)),
            cost_note,
            cost_summary,
            scenario: scenario_view(lang, page, scenario.0, scenario.1),
        }
    }
}

/// Channels as the options of a form or the columns of a table.
fn options(lang: Lang, channels: impl IntoIterator<Item = Channel>) -> Vec<ChannelOption> {
    channels
        .into_iter()
        .map(|c| ChannelOption {
            name: c.name(),
            label: channel_label(lang, c),
        })
        .collect()
}

/// What several sections of the page say alike, looked up once per page.
struct Words {
    lang: Lang,
    /// The log's first and last month.
    first: String,
    last: String,
    /// "cannot be computed" and "too few answers".
    unknown: String,
    too_few: String,
}

impl Words {
    fn new(lang: Lang, page: &ChannelPage) -> Words {
        let month = |m: Option<&trappe_core::contacts::channel_page::MonthLine>| {
            m.map(|m| m.month.clone()).unwrap_or_default()
        };
        Words {
            lang,
            first: month(page.months.first()),
            last: month(page.months.last()),
            unknown: lang.t("channels-unknown"),
            too_few: lang.t("channels-too-few"),
        }
    }

    /// A rate, or why there is none ("0,0 %" would say there were no repeats).
    fn rate(&self, r: Option<f64>) -> String {
        r.map(|x| Fmt(self.lang).pct(x))
            .unwrap_or_else(|| self.unknown.clone())
    }

    /// A rating's answers, mean and high share, or why they cannot be shown.
    fn rating(&self, r: &Rating, decimals: usize) -> (String, String, String) {
        let f = Fmt(self.lang);
        let answered = f.int(r.answered);
        if r.answered == 0 {
            return (answered, self.unknown.clone(), self.unknown.clone());
        }
        if r.too_few() {
            return (answered, self.too_few.clone(), self.too_few.clone());
        }
        (
            answered,
            r.mean
                .map(|m| f.dec(m, decimals))
                .unwrap_or_else(|| "–".into()),
            r.high_share.map(|s| f.pct(s)).unwrap_or_else(|| "–".into()),
        )
    }
}

/// The table of months, and its total row.
fn month_table(lang: Lang, page: &ChannelPage, present: &[Channel]) -> (Vec<MonthRow>, MonthRow) {
    let f = Fmt(lang);
    let month_row = |month: String,
                     contacts: u64,
                     by: &[u64; Channel::COUNT],
                     digital: u64,
                     share: Option<f64>,
                     cost: Option<f64>,
                     unpriced: u64| MonthRow {
        month,
        contacts: f.int(contacts),
        cells: present.iter().map(|c| f.int(by[c.index()])).collect(),
        digital: f.int(digital),
        share: share.map(|s| f.pct(s)).unwrap_or_else(|| "–".into()),
        cost: cost.map(|c| f.kr(c)).unwrap_or_else(|| "–".into()),
        unpriced: f.int(unpriced),
    };
    let months: Vec<MonthRow> = page
        .months
        .iter()
        .map(|m| {
            month_row(
                m.month.clone(),
                m.contacts,
                &m.by_channel,
                m.digital,
                m.digital_share,
                m.cost,
                m.unpriced_contacts,
            )
        })
        .collect();
    let totals: [u64; Channel::COUNT] = std::array::from_fn(|i| {
        page.channels
            .iter()
            .find(|c| c.channel.index() == i)
            .map_or(0, |c| c.contacts)
    });
    let total_row = month_row(
        lang.t("channels-total"),
        page.contacts,
        &totals,
        page.digital,
        page.digital_share,
        page.cost,
        page.unpriced_contacts,
    );
    (months, total_row)
}

fn headline(w: &Words, page: &ChannelPage) -> String {
    let (lang, first, last) = (w.lang, w.first.clone(), w.last.clone());
    let f = Fmt(lang);
    lang.t_text(
        "channels-headline",
        &[
            ("contacts", f.int(page.contacts)),
            ("first", first),
            ("last", last),
            (
                "share",
                page.digital_share.map(|s| f.pct(s)).unwrap_or_default(),
            ),
        ],
    )
}

/// The mix chart (the largest channel at the bottom) and its summary.
fn mix_section(
    w: &Words,
    page: &ChannelPage,
    present: &[Channel],
) -> (Option<StackedBars>, String) {
    let (lang, first, last) = (w.lang, w.first.clone(), w.last.clone());
    let f = Fmt(lang);
    let label = |c: Channel| channel_label(lang, c);
    let mix_chart = (!page.months.is_empty()).then(|| {
        let data: Vec<(String, [u64; Channel::COUNT])> = page
            .months
            .iter()
            .map(|m| (m.month.clone(), m.by_channel))
            .collect();
        StackedBars::new(&data, present, label, |n| f.int(n))
    });
    let top = page.channels.first();
    let mix_summary = match top {
        Some(t) => lang.t_text(
            "channels-mix-summary",
            &[
                ("months", page.months.len().to_string()),
                ("first", first),
                ("last", last),
                ("channel", label(t.channel)),
                ("share", f.pct(t.share)),
                ("channels", present.len().to_string()),
            ],
        ),
        None => String::new(),
    };
    (mix_chart, mix_summary)
}

/// The digital share against its targets, as a chart and a summary.
fn share_section(lang: Lang, page: &ChannelPage) -> (Option<ShareChart>, String) {
    let f = Fmt(lang);
    let digital_targets: Vec<(f64, String)> = page
        .targets
        .iter()
        .filter(|t| t.target.scope == TargetScope::Digital)
        .map(|t| {
            (
                t.target.share,
                lang.t_text(
                    "channels-target-line",
                    &[
                        ("share", f.pct(t.target.share)),
                        ("due", f.date(&t.target.due)),
                    ],
                ),
            )
        })
        .collect();
    let share_chart = (!page.months.is_empty()).then(|| {
        let data: Vec<(String, Option<f64>, String)> = page
            .months
            .iter()
            .map(|m| {
                (
                    m.month.clone(),
                    m.digital_share,
                    m.digital_share.map(|s| f.pct(s)).unwrap_or_default(),
                )
            })
            .collect();
        ShareChart::new(&data, &digital_targets, |v| f.pct(v))
    });
    let share_summary = match (page.months.first(), page.months.last()) {
        (Some(a), Some(b)) => {
            let mut s = lang.t_text(
                "channels-share-summary",
                &[
                    ("first", a.month.clone()),
                    (
                        "from",
                        a.digital_share.map(|s| f.pct(s)).unwrap_or_default(),
                    ),
                    ("last", b.month.clone()),
                    ("to", b.digital_share.map(|s| f.pct(s)).unwrap_or_default()),
                ],
            );
            for t in page
                .targets
                .iter()
                .filter(|t| t.target.scope == TargetScope::Digital)
            {
                s.push(' ');
                s.push_str(&lang.t_text(
                    if t.met == Some(true) {
                        "channels-share-target-met"
                    } else {
                        "channels-share-target-not-met"
                    },
                    &[
                        ("share", f.pct(t.target.share)),
                        ("due", f.date(&t.target.due)),
                    ],
                ));
            }
            s
        }
        _ => String::new(),
    };
    (share_chart, share_summary)
}

/// A row per channel.
fn channel_rows(w: &Words, page: &ChannelPage) -> Vec<ChannelRow> {
    let lang = w.lang;
    let f = Fmt(lang);
    let rate = |r: Option<f64>| w.rate(r);
    let rating = |r: &Rating, decimals: usize| w.rating(r, decimals);
    let label = |c: Channel| channel_label(lang, c);
    page.channels
        .iter()
        .map(|c| {
            let (sat_answered, sat_mean, csat) = rating(&c.satisfaction, 2);
            let (effort_answered, effort_mean, effort_high) = rating(&c.effort, 2);
            ChannelRow {
                name: c.channel.name(),
                label: label(c.channel),
                digital: c.channel.is_digital(),
                contacts: f.int(c.contacts),
                share: f.pct(c.share),
                repeated: f.int(c.repeated),
                repeat_rate: rate(c.repeat_rate),
                sat_answered,
                sat_mean,
                csat,
                effort_answered,
                effort_mean,
                effort_high,
                price: c.price.map(|p| f.price(p)).unwrap_or_else(|| "–".into()),
                cost: c.cost.map(|x| f.kr(x)).unwrap_or_else(|| "–".into()),
            }
        })
        .collect()
}

/// Repeat contacts in a sentence, or what column would make them computable.
fn repeat_summary(lang: Lang, page: &ChannelPage) -> String {
    let f = Fmt(lang);
    let label = |c: Channel| channel_label(lang, c);
    match (
        page.repeat_rate,
        page.channels
            .iter()
            .filter_map(|c| Some((c, c.repeat_rate?)))
            .max_by(|a, b| a.1.total_cmp(&b.1)),
    ) {
        (Some(rate), Some((worst, worst_rate))) => lang.t_text(
            "channels-repeat-summary",
            &[
                ("rate", f.pct(rate)),
                ("days", f.dec(page.window_s as f64 / 86_400.0, 0)),
                ("channel", label(worst.channel)),
                ("worst", f.pct(worst_rate)),
            ],
        ),
        (None, _) if page.contacts > 0 => lang.t_text(
            "channels-repeats-unknown",
            &[
                ("citizen", lang.t("column-citizen_key")),
                ("case", lang.t("column-case_key")),
            ],
        ),
        _ => String::new(),
    }
}

/// Satisfaction and effort without answers: why they are not shown.
fn unanswered(lang: Lang, page: &ChannelPage) -> (Option<String>, Option<String>) {
    let no_answers = |answered: u64, key: &str, column: &str| {
        (page.contacts > 0 && answered == 0)
            .then(|| lang.t_text(key, &[("column", lang.t(column))]))
    };
    let satisfaction_unknown = no_answers(
        page.satisfaction_answered,
        "channels-satisfaction-unknown",
        "column-satisfaction",
    );
    let effort_unknown = no_answers(
        page.effort_answered,
        "channels-effort-unknown",
        "column-effort",
    );
    (satisfaction_unknown, effort_unknown)
}

/// The most contacted services, and how many more there are.
fn service_rows(w: &Words, page: &ChannelPage) -> (Vec<ServiceRow>, Option<String>) {
    let lang = w.lang;
    let f = Fmt(lang);
    let rate = |r: Option<f64>| w.rate(r);
    let label = |c: Channel| channel_label(lang, c);
    let services: Vec<ServiceRow> = page
        .services
        .iter()
        .take(TOP_SERVICES)
        .map(|s| ServiceRow {
            label: service_label(lang, &s.service),
            contacts: f.int(s.contacts),
            repeated: f.int(s.repeated),
            repeat_rate: rate(s.repeat_rate),
            split: s
                .channels()
                .into_iter()
                .map(|(c, n)| {
                    format!(
                        "{} {} ({})",
                        label(c),
                        f.int(n),
                        f.pct(n as f64 / s.contacts as f64)
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let services_more = (page.services.len() > TOP_SERVICES).then(|| {
        lang.t_text(
            "channels-services-more",
            &[
                ("shown", TOP_SERVICES.to_string()),
                ("all", page.services.len().to_string()),
            ],
        )
    });
    (services, services_more)
}

/// The targets and how each stands.
fn target_rows(lang: Lang, page: &ChannelPage) -> Vec<TargetRow> {
    let f = Fmt(lang);
    page.targets
        .iter()
        .map(|t| TargetRow {
            scope: t.target.scope.name(),
            label: scope_label(lang, t.target.scope),
            target: lang.t_text(
                if t.target.scope.at_least() {
                    "channels-at-least"
                } else {
                    "channels-at-most"
                },
                &[("share", f.pct(t.target.share))],
            ),
            due_iso: t.target.due.clone(),
            due: f.date(&t.target.due),
            actual: match (&t.month, t.actual) {
                (Some(m), Some(a)) => format!("{} ({m})", f.pct(a)),
                _ => "–".into(),
            },
            status: match t.met {
                Some(true) => lang.t("channels-target-met"),
                Some(false) => lang.t("channels-target-not-met"),
                None => "–".into(),
            },
            met: t.met,
        })
        .collect()
}

/// The price form's fields (as sent back with its errors, or as stored).
fn price_fields(
    lang: Lang,
    prices: &Prices,
    price_form: Option<&PriceForm>,
) -> (HashMap<String, String>, Vec<PriceField>) {
    let f = Fmt(lang);
    let label = |c: Channel| channel_label(lang, c);
    let mut price_errors: HashMap<String, String> = HashMap::new();
    if let Some(pf) = price_form {
        for e in &pf.errors {
            if let SettingError::Price { channel, text } = e {
                price_errors.insert(
                    e.field(),
                    lang.t_text(
                        "channels-error-price",
                        &[("channel", label(*channel)), ("text", text.clone())],
                    ),
                );
            }
        }
    }
    let prices_fields = Channel::ALL
        .into_iter()
        .map(|c| {
            let field = format!("price_{}", c.name());
            PriceField {
                name: c.name(),
                label: label(c),
                value: match price_form {
                    Some(pf) => pf.values.get(&field).cloned().unwrap_or_default(),
                    None => prices[c.index()]
                        .map(|p| f.price_input(p))
                        .unwrap_or_default(),
                },
                error: price_errors.get(&field).cloned(),
            }
        })
        .collect();
    (price_errors, prices_fields)
}

/// The cost's note on unpriced channels, and its summary.
fn cost_texts(w: &Words, page: &ChannelPage) -> (Option<String>, String) {
    let (lang, first, last) = (w.lang, w.first.clone(), w.last.clone());
    let f = Fmt(lang);
    let label = |c: Channel| channel_label(lang, c);
    let cost_note = (page.cost.is_some() && !page.unpriced.is_empty()).then(|| {
        lang.t_text(
            "channels-cost-unpriced",
            &[
                (
                    "channels",
                    page.unpriced
                        .iter()
                        .map(|&c| label(c))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ("contacts", f.int(page.unpriced_contacts)),
            ],
        )
    });
    let cost_summary = match page.cost {
        Some(c) => lang.t_text(
            "channels-cost-summary",
            &[("cost", f.kr(c)), ("first", first), ("last", last)],
        ),
        None => lang.t("channels-cost-none"),
    };
    (cost_note, cost_summary)
}

/// Parses the scenario form: None when it was not asked for; else the scenario or the
/// errors by field.
pub fn parse_scenario(q: &ScenarioQuery) -> Option<Result<Scenario, HashMap<String, String>>> {
    if !q.asked() {
        return None;
    }
    let mut errors = HashMap::new();
    let channel = |v: &Option<String>, field: &str, errors: &mut HashMap<String, String>| {
        let c = v
            .as_deref()
            .and_then(|s| Channel::from_name(s.trim().as_bytes()));
        if c.is_none() {
            errors.insert(field.to_string(), "channels-error-channel".to_string());
        }
        c
    };
    let from = channel(&q.from, "from", &mut errors);
    let to = channel(&q.to, "to", &mut errors);
    let percent = q
        .percent
        .as_deref()
        .and_then(trappe_core::contacts::channel_page::parse_decimal)
        .filter(|p| (0.0..=100.0).contains(p));
    if percent.is_none() {
        errors.insert("percent".into(), "scenario-error-percent".into());
    }
    match (from, to, percent) {
        (Some(from), Some(to), Some(percent)) if errors.is_empty() => Some(Ok(Scenario {
            from,
            to,
            percent,
            services: q.services.clone(),
        })),
        _ => Some(Err(errors)),
    }
}

fn scenario_view(
    lang: Lang,
    page: &ChannelPage,
    q: ScenarioQuery,
    result: Option<Result<ScenarioResult, ScenarioError>>,
) -> ScenarioView {
    let f = Fmt(lang);
    let label = |c: Channel| channel_label(lang, c);
    // Defaults: from the most used non-digital channel to self-service, 20 %.
    let default_from = page
        .channels
        .iter()
        .find(|c| !c.channel.is_digital())
        .map(|c| c.channel)
        .unwrap_or(Channel::Phone);
    let mut errors: HashMap<String, String> = HashMap::new();
    if let Some(Err(e)) = parse_scenario(&q) {
        for (field, key) in e {
            errors.insert(field, lang.t(&key));
        }
    }
    let mut lines = Vec::new();
    let mut summary = String::new();
    let mut notes = Vec::new();
    match &result {
        Some(Err(e)) => {
            let text = match e {
                ScenarioError::SameChannel => lang.t("scenario-error-same"),
                ScenarioError::Percent(_) => lang.t("scenario-error-percent"),
                ScenarioError::UnknownService(s) => {
                    lang.t_text("scenario-error-service", &[("service", s.clone())])
                }
                ScenarioError::NothingToMove(c) => {
                    lang.t_text("scenario-error-nothing", &[("channel", label(*c))])
                }
            };
            errors.insert(e.field().to_string(), text);
        }
        Some(Ok(r)) => {
            let s = &r.scenario;
            let count = |x: f64| f.dec(x, 0);
            let signed = |x: f64, text: String| {
                if x > 1e-9 {
                    format!("+{text}")
                } else if x < -1e-9 {
                    format!("−{}", text.trim_start_matches('-'))
                } else {
                    text
                }
            };
            for c in [s.from, s.to] {
                let (b, a) = (
                    r.before.by_channel[c.index()],
                    r.after.by_channel[c.index()],
                );
                lines.push(ScenarioLine {
                    label: lang.t_text("scenario-contacts-on", &[("channel", label(c))]),
                    before: count(b),
                    after: count(a),
                    change: signed(a - b, count(a - b)),
                });
            }
            lines.push(ScenarioLine {
                label: lang.t("scenario-contacts-all"),
                before: count(r.before.contacts),
                after: count(r.after.contacts),
                change: "0".into(),
            });
            let pct = |x: Option<f64>| x.map(|v| f.pct(v)).unwrap_or_else(|| "–".into());
            let share_change = match (r.before.digital_share, r.after.digital_share) {
                (Some(b), Some(a)) => signed(
                    a - b,
                    lang.t_text("scenario-points", &[("points", f.dec((a - b) * 100.0, 1))]),
                ),
                _ => "–".into(),
            };
            lines.push(ScenarioLine {
                label: lang.t("scenario-digital-share"),
                before: pct(r.before.digital_share),
                after: pct(r.after.digital_share),
                change: share_change,
            });
            let kr = |x: Option<f64>| x.map(|v| f.kr(v)).unwrap_or_else(|| "–".into());
            lines.push(ScenarioLine {
                label: lang.t("scenario-cost"),
                before: kr(r.before.cost),
                after: kr(r.after.cost),
                change: match (r.before.cost, r.after.cost) {
                    (Some(b), Some(a)) => signed(a - b, f.kr(a - b)),
                    _ => "–".into(),
                },
            });
            let services = if s.services.is_empty() {
                lang.t("scenario-all-services")
            } else {
                s.services
                    .iter()
                    .map(|x| service_label(lang, x))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            summary = lang.t_text(
                "scenario-summary",
                &[
                    ("percent", f.dec(s.percent, 1)),
                    ("from", label(s.from)),
                    ("to", label(s.to)),
                    ("services", services),
                    ("moved", count(r.moved)),
                    ("before", pct(r.before.digital_share)),
                    ("after", pct(r.after.digital_share)),
                ],
            );
            if let Some(saving) = r.saving() {
                summary.push(' ');
                summary.push_str(&lang.t_text(
                    if saving >= 0.0 {
                        "scenario-saving"
                    } else {
                        "scenario-extra-cost"
                    },
                    &[("amount", f.kr(saving.abs()))],
                ));
            }
            if !r.missing_prices.is_empty() {
                notes.push(
                    lang.t_text(
                        "scenario-missing-prices",
                        &[(
                            "channels",
                            r.missing_prices
                                .iter()
                                .map(|&c| label(c))
                                .collect::<Vec<_>>()
                                .join(", "),
                        )],
                    ),
                );
            }
        }
        None => {}
    }
    let services = page
        .services
        .iter()
        .take(SCENARIO_SERVICES)
        .map(|s| ServiceOption {
            selected: q.services.iter().any(|x| x == &s.service),
            value: s.service.clone(),
            label: service_label(lang, &s.service),
        })
        .collect();
    ScenarioView {
        from: q
            .from
            .clone()
            .unwrap_or_else(|| default_from.name().to_string()),
        to: q
            .to
            .clone()
            .unwrap_or_else(|| Channel::Selfservice.name().to_string()),
        percent: q.percent.clone().unwrap_or_else(|| "20".into()),
        services,
        errors,
        lines,
        summary,
        notes,
    }
}

/// The maturity report's short channel section.
pub struct ChannelSummary {
    pub org_id: i64,
    pub latest_month: String,
    pub latest_share: String,
    pub trend: String,
    pub top: Vec<(String, String, String)>,
    pub repeat_rate: String,
    pub text: String,
    /// Link to the channel page (not in a report written to a file).
    pub link: bool,
}

impl ChannelSummary {
    /// None when the organisation has no contacts.
    pub fn new(lang: Lang, org_id: i64, page: &ChannelPage) -> Option<ChannelSummary> {
        let f = Fmt(lang);
        let latest = page.months.last()?;
        let latest_share = latest
            .digital_share
            .map(|s| f.pct(s))
            .unwrap_or_else(|| "–".into());
        let trend = match page.digital_trend() {
            Some(d) => lang.t_text(
                if d >= 0.0 {
                    "report-channels-trend-up"
                } else {
                    "report-channels-trend-down"
                },
                &[
                    ("points", f.dec(d.abs() * 100.0, 1)),
                    ("first", page.months[0].month.clone()),
                ],
            ),
            None => lang.t("report-channels-one-month"),
        };
        let top = page
            .top_channels(3)
            .iter()
            .map(|c| {
                (
                    channel_label(lang, c.channel),
                    f.int(c.contacts),
                    f.pct(c.share),
                )
            })
            .collect();
        let repeat_rate = page
            .repeat_rate
            .map(|r| f.pct(r))
            .unwrap_or_else(|| lang.t("channels-unknown"));
        let text = lang.t_text(
            if page.repeat_rate.is_some() {
                "report-channels-text"
            } else {
                "report-channels-text-no-keys"
            },
            &[
                ("month", latest.month.clone()),
                ("share", latest_share.clone()),
                ("trend", trend.clone()),
                ("repeat", repeat_rate.clone()),
                ("contacts", f.int(page.contacts)),
            ],
        );
        Some(ChannelSummary {
            org_id,
            latest_month: latest.month.clone(),
            latest_share,
            trend,
            top,
            repeat_rate,
            text,
            link: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_danish_way() {
        let da = Fmt(Lang::Da);
        assert_eq!(da.int(1234567), "1.234.567");
        assert_eq!(da.int(999), "999");
        assert_eq!(da.dec(1234.5, 1), "1.234,5");
        assert_eq!(da.pct(0.525), "52,5 %");
        assert_eq!(da.kr(5900.0), "5.900 kr.");
        assert_eq!(da.kr(-1125.0), "-1.125 kr.");
        assert_eq!(da.price(7.5), "7,50 kr.");
        assert_eq!(da.price_input(7.5), "7,50");
        assert_eq!(da.date("2027-12-31"), "31.12.2027");
        let en = Fmt(Lang::En);
        assert_eq!(en.int(1234567), "1,234,567");
        assert_eq!(en.pct(0.525), "52.5%");
        assert_eq!(en.kr(5900.0), "DKK 5,900");
        assert_eq!(en.date("2027-12-31"), "2027-12-31");
        assert_eq!(da.dec(-0.04, 1), "0,0");
    }

    #[test]
    fn every_channel_has_a_name_in_both_languages() {
        for c in Channel::ALL {
            for lang in [Lang::Da, Lang::En] {
                let l = channel_label(lang, c);
                assert!(!l.starts_with("channel-"), "{c} in {lang:?}");
            }
        }
        assert_eq!(channel_label(Lang::Da, Channel::Phone), "Telefon");
        assert_eq!(
            channel_label(Lang::Da, Channel::FrontDesk),
            "Borgerservice (personligt fremmøde)"
        );
    }

    #[test]
    fn the_scenario_form_is_checked_field_by_field() {
        let q = ScenarioQuery::from_pairs(&[
            ("from".into(), "phone".into()),
            ("to".into(), "fax".into()),
            ("percent".into(), "120".into()),
        ]);
        let e = parse_scenario(&q).unwrap().unwrap_err();
        assert!(e.contains_key("to") && e.contains_key("percent") && !e.contains_key("from"));
        let q = ScenarioQuery::from_pairs(&[
            ("from".into(), "phone".into()),
            ("to".into(), "selfservice".into()),
            ("percent".into(), "12,5".into()),
            ("service".into(), "Pas".into()),
            ("service".into(), "".into()),
        ]);
        let s = parse_scenario(&q).unwrap().unwrap();
        assert_eq!(s.percent, 12.5);
        assert_eq!(s.services, vec!["Pas".to_string()]);
        assert!(parse_scenario(&ScenarioQuery::default()).is_none());
    }
}
