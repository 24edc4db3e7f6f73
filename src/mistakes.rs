//! Known learner mistakes, as data: each rule has an id, a detector, and a message and a fix in
//! every language of the human output. Between the runner and the reporters, [`Diagnoser`]
//! attaches what it finds to the outcome of the hint it explains; [`refused_url`] runs before
//! anything is sent.

use std::time::Duration;

pub use crate::annotation::Diagnosis;
use crate::catalog::{Language, ENGLISH};
use crate::run::http::{seconds, Exchange};
use crate::run::{Event, Outcome, Status, FREECODECAMP_HINT_LIMIT, FREECODECAMP_ORIGIN};

impl Diagnosis {
    /// What is wrong, in `language` (English when the rule has no text in it).
    pub fn message(&self, language: &Language) -> String {
        self.message_with(language, &|v| v.to_string())
    }

    /// What to do about it, in `language`.
    pub fn fix(&self, language: &Language) -> String {
        self.fix_with(language, &|v| v.to_string())
    }

    /// The message with each value passed through `shown` (values come from the app and the
    /// URL: a terminal needs them escaped, the texts around them not).
    pub fn message_with(&self, language: &Language, shown: &dyn Fn(&str) -> String) -> String {
        self.fill(texts(self.rule, language).0, shown)
    }

    pub fn fix_with(&self, language: &Language, shown: &dyn Fn(&str) -> String) -> String {
        self.fill(texts(self.rule, language).1, shown)
    }

    fn fill(&self, template: &str, shown: &dyn Fn(&str) -> String) -> String {
        self.values
            .iter()
            .fold(template.to_string(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), &shown(value))
            })
    }
}

/// The values a diagnosis's texts name, by placeholder.
type Values = Vec<(&'static str, String)>;

/// How a rule finds its mistake.
enum Detector {
    /// From one request of a hint and its answer.
    Exchange(fn(&Exchange) -> Option<Values>),
    /// From a hint's outcome as a whole.
    Outcome(fn(&Outcome) -> Option<Values>),
    /// From what was seen of the app before grading; told under the first hint that asked the
    /// app anything.
    Run(fn(&Facts, &Outcome) -> Option<Values>),
    /// From the URL, before any request.
    Url(fn(&str) -> Option<Values>),
}

/// One known mistake: the message and fix per language code, English first.
struct Rule {
    id: &'static str,
    detect: Detector,
    /// The outcomes the rule can explain; under any other it says nothing, even when its
    /// detector would find something.
    explains: Explains,
    texts: &'static [(&'static str, &'static str, &'static str)],
}

/// Which outcomes a rule's mistake can explain.
#[derive(Clone, Copy)]
enum Explains {
    /// A hint that did not pass: its failure.
    NotPassed,
    /// A hint that failed because freeCodeCamp's page could not read an answer (under its
    /// profile); under the local profile that is a flag on a passed hint, not a diagnosis.
    CorsBlocked,
    /// A hint that passed here but would time out on the site, or that timed out here.
    SiteTimeout,
    /// A hint that passed: a note about how the run went, which explains no failure.
    Passed,
    /// Nothing is graded: the URL is refused before any request.
    Before,
}

impl Explains {
    fn covers(self, outcome: &Outcome) -> bool {
        match self {
            Explains::NotPassed => outcome.status != Status::Passed,
            Explains::CorsBlocked => outcome.cors_blocked,
            Explains::SiteTimeout => matches!(outcome.status, Status::Passed | Status::TimedOut),
            Explains::Passed => outcome.status == Status::Passed,
            Explains::Before => false,
        }
    }
}

fn texts(rule: &str, language: &Language) -> (&'static str, &'static str) {
    let Some(rule) = RULES.iter().find(|r| r.id == rule) else {
        return ("", "");
    };
    let pick = |code: &str| rule.texts.iter().find(|(c, _, _)| *c == code);
    let (_, message, fix) = pick(language.code)
        .or_else(|| pick(ENGLISH.code))
        .copied()
        .unwrap_or(("", "", ""));
    (message, fix)
}

/// What grade saw of the app before any hint ran.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// How long the app took to give its first answer.
    pub first_answer: Option<Duration>,
    /// Under `--start`: the port the app was given in `PORT`, and the one it listens on instead.
    pub ignored_port: Option<(u16, u16)>,
    /// Where the URL given led, when its redirects ended on another origin; hints still go to
    /// the URL given.
    pub led_to: Option<String>,
}

/// Attaches diagnoses to hint outcomes as events pass from the runner to the reporters.
pub struct Diagnoser {
    facts: Facts,
    /// Run-level findings are told once each, under the first hint that asked the app anything
    /// and that the rule can explain.
    told: Vec<&'static str>,
}

impl Diagnoser {
    pub fn new(facts: Facts) -> Diagnoser {
        Diagnoser {
            facts,
            told: Vec::new(),
        }
    }

    /// The event with its outcome's diagnoses filled in.
    pub fn annotate(&mut self, event: Event) -> Event {
        match event {
            Event::HintFinished {
                challenge,
                hint,
                mut outcome,
            } => {
                outcome.diagnoses = self.diagnose(&outcome);
                Event::HintFinished {
                    challenge,
                    hint,
                    outcome,
                }
            }
            other => other,
        }
    }

    fn diagnose(&mut self, outcome: &Outcome) -> Vec<Diagnosis> {
        let mut found = Vec::new();
        let asked = !outcome.exchanges.is_empty();
        for rule in RULES.iter().filter(|r| r.explains.covers(outcome)) {
            let values = match &rule.detect {
                Detector::Exchange(detect) => outcome.exchanges.iter().find_map(detect),
                Detector::Outcome(detect) => detect(outcome),
                Detector::Run(detect) if asked && !self.told.contains(&rule.id) => {
                    let values = detect(&self.facts, outcome);
                    if values.is_some() {
                        self.told.push(rule.id);
                    }
                    values
                }
                Detector::Run(_) | Detector::Url(_) => None,
            };
            if let Some(values) = values {
                found.push(Diagnosis {
                    rule: rule.id,
                    values,
                });
            }
        }
        found
    }
}

/// A URL that is not a running app (an editor or a repository), which no request should go to.
pub fn refused_url(url: &str) -> Option<Diagnosis> {
    RULES.iter().find_map(|rule| match &rule.detect {
        Detector::Url(detect) => detect(url).map(|values| Diagnosis {
            rule: rule.id,
            values,
        }),
        _ => None,
    })
}

/// The path of a URL, without its query.
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    path.split(['?', '#']).next().unwrap_or(path)
}

fn unavailable_tests(exchange: &Exchange) -> Option<Values> {
    let path = path_of(&exchange.url);
    let body = exchange.response_body.as_deref()?;
    let said_unavailable = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .is_some_and(|v| v["status"] == "unavailable");
    (path.starts_with("/_api/get-tests") && exchange.status == Some(200) && said_unavailable)
        .then(|| vec![("path", path.to_string())])
}

fn missing_api_route(exchange: &Exchange) -> Option<Values> {
    let path = path_of(&exchange.url);
    (path.starts_with("/_api/") && exchange.status == Some(404))
        .then(|| vec![("path", path.to_string())])
}

fn sleeping_host(facts: &Facts, outcome: &Outcome) -> Option<Values> {
    let first = facts.first_answer?;
    (first > FREECODECAMP_HINT_LIMIT && outcome.duration < FREECODECAMP_HINT_LIMIT).then(|| {
        vec![
            ("first", seconds(first)),
            ("later", seconds(outcome.duration)),
        ]
    })
}

fn ignored_port(facts: &Facts, _: &Outcome) -> Option<Values> {
    let (expected, actual) = facts.ignored_port?;
    Some(vec![
        ("expected", expected.to_string()),
        ("actual", actual.to_string()),
    ])
}

fn no_cors(outcome: &Outcome) -> Option<Values> {
    let finding = outcome.cors.first()?;
    let request = finding.split(": ").next().unwrap_or(finding);
    Some(vec![
        ("request", request.to_string()),
        ("origin", FREECODECAMP_ORIGIN.to_string()),
    ])
}

/// A scheme missing its colon or a slash (`http//host`, `https:/host`), which would be taken as
/// a host named `http`.
fn scheme_typo(url: &str) -> Option<Values> {
    let lower = url.trim().to_ascii_lowercase();
    ["https", "http"].iter().find_map(|scheme| {
        let rest = lower.strip_prefix(scheme)?;
        let host = rest
            .strip_prefix("//")
            .or_else(|| rest.strip_prefix(":/").filter(|r| !r.starts_with('/')))
            .or_else(|| rest.strip_prefix(":\\\\"))?;
        (!host.is_empty()).then(|| {
            let fixed = format!(
                "{scheme}://{}",
                &url.trim()[url.trim().len() - host.len()..]
            );
            vec![("url", url.to_string()), ("fixed", fixed)]
        })
    })
}

/// A request whose path repeats its first segment (`/api/api/users`): the URL given ended in
/// that segment and the hint added its own path to it.
fn doubled_path(exchange: &Exchange) -> Option<Values> {
    let path = path_of(&exchange.url);
    let mut segments = path.trim_start_matches('/').split('/');
    let first = segments.next().filter(|s| !s.is_empty())?;
    (segments.next() == Some(first) && exchange.status.is_some_and(|s| s >= 400))
        .then(|| vec![("path", path.to_string()), ("segment", first.to_string())])
}

/// The header parser's answer without an address: an app that reads it only from
/// `X-Forwarded-For`, which a host's proxy sets and a request straight to the app lacks.
fn forwarded_for_only(exchange: &Exchange) -> Option<Values> {
    let sent = exchange
        .request_headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("x-forwarded-for"));
    let body: serde_json::Value = serde_json::from_str(exchange.response_body.as_deref()?).ok()?;
    let object = body.as_object()?;
    let empty = |v: Option<&serde_json::Value>| {
        v.is_none_or(|v| {
            v.is_null() || v.as_str().is_some_and(|s| s.is_empty() || s == "undefined")
        })
    };
    let looks_like_the_parser = object.contains_key("language") || object.contains_key("software");
    (!sent && looks_like_the_parser && empty(object.get("ipaddress")))
        .then(|| vec![("path", path_of(&exchange.url).to_string())])
}

/// Pages where code is edited or kept, by host and path prefix: the site's name, and what the
/// running app's address looks like there.
const EDITORS: &[(&str, &str, &str, &str)] = &[
    ("github.com", "/", "GitHub", "https://NAME.onrender.com"),
    ("gitlab.com", "/", "GitLab", "https://NAME.onrender.com"),
    (
        "bitbucket.org",
        "/",
        "Bitbucket",
        "https://NAME.onrender.com",
    ),
    ("replit.com", "/@", "Replit", "https://NAME.replit.app"),
    ("glitch.com", "/edit", "Glitch", "https://NAME.glitch.me"),
    ("codesandbox.io", "/s/", "CodeSandbox", "https://ID.csb.app"),
    ("codesandbox.io", "/p/", "CodeSandbox", "https://ID.csb.app"),
    (
        "stackblitz.com",
        "/edit",
        "StackBlitz",
        "https://ID.stackblitz.io",
    ),
    ("codepen.io", "/", "CodePen", "https://NAME.onrender.com"),
];

fn editor_url(url: &str) -> Option<Values> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = path_of(url);
    EDITORS
        .iter()
        .find(|(h, prefix, _, _)| host == *h && path.starts_with(prefix))
        .map(|(_, _, site, app)| {
            vec![
                ("url", url.to_string()),
                ("site", site.to_string()),
                ("app", app.to_string()),
            ]
        })
}

/// The table. Order is priority: the first diagnosis of a hint is the one machines are given.
const RULES: &[Rule] = &[
    Rule {
        id: "editor-url",
        detect: Detector::Url(editor_url),
        explains: Explains::Before,
        texts: &[
            ("en", "`{url}` is a page of {site}, where code is edited or kept, not the running app; no request was sent to it", "submit the address where the app itself answers, such as {app}"),
            ("de", "`{url}` ist eine Seite von {site}, auf der Code bearbeitet oder aufbewahrt wird, nicht die laufende App; es wurde keine Anfrage dorthin gesendet", "gib die Adresse an, unter der die App selbst antwortet, etwa {app}"),
            ("pt-BR", "`{url}` é uma página do {site}, onde o código é editado ou guardado, não o app em execução; nenhuma requisição foi enviada a ela", "envie o endereço onde o próprio app responde, como {app}"),
            ("es", "`{url}` es una página de {site}, donde se edita o guarda el código, no la app en marcha; no se le envió ninguna petición", "envía la dirección donde responde la propia app, como {app}"),
            ("it", "`{url}` è una pagina di {site}, dove il codice si modifica o si conserva, non l'app in esecuzione; non le è stata inviata alcuna richiesta", "invia l'indirizzo a cui risponde l'app stessa, come {app}"),
            ("ar", "\u{2068}`{url}`\u{2069} صفحة من \u{2068}{site}\u{2069} يُحرَّر فيها الكود أو يُحفَظ، وليست التطبيق العامل؛ لم يُرسَل إليها أي طلب", "أرسل العنوان الذي يجيب عليه التطبيق نفسه، مثل \u{2068}{app}\u{2069}"),
            ("zh-CN", "`{url}` 是 {site} 上编辑或存放代码的页面，不是正在运行的应用；没有向它发送任何请求", "请提交应用本身响应的地址，例如 {app}"),
            ("zh-TW", "`{url}` 是 {site} 上編輯或存放程式碼的頁面，不是正在執行的應用程式；沒有向它傳送任何請求", "請提交應用程式本身回應的位址，例如 {app}"),
            ("ja", "`{url}` は {site} のコードを編集・保管するページで、動いているアプリではありません。リクエストは送っていません", "アプリ自身が応答するアドレス（{app} など）を提出してください"),
            ("ko", "`{url}`은(는) 코드를 편집하거나 보관하는 {site} 페이지이며 실행 중인 앱이 아닙니다. 요청을 보내지 않았습니다", "앱 자체가 응답하는 주소(예: {app})를 제출하세요"),
            ("uk", "`{url}` — це сторінка {site}, де код редагують або зберігають, а не застосунок, що працює; жодного запиту туди не надіслано", "надішліть адресу, за якою відповідає сам застосунок, наприклад {app}"),
            ("sw", "`{url}` ni ukurasa wa {site} ambapo msimbo huhaririwa au huhifadhiwa, si programu inayoendeshwa; hakuna ombi lililotumwa kwake", "wasilisha anwani ambapo programu yenyewe hujibu, kama {app}"),
        ],
    },
    Rule {
        id: "scheme-typo",
        detect: Detector::Url(scheme_typo),
        explains: Explains::Before,
        texts: &[
            ("en", "`{url}` is missing part of `://` after its scheme, so it would name a host called `http`; no request was sent", "use {fixed}"),
            ("de", "`{url}` fehlt ein Teil von `://` nach dem Schema, daher würde es einen Host namens `http` bezeichnen; es wurde keine Anfrage gesendet", "verwende {fixed}"),
            ("pt-BR", "falta parte de `://` depois do esquema em `{url}`, então ele nomearia um host chamado `http`; nenhuma requisição foi enviada", "use {fixed}"),
            ("es", "a `{url}` le falta parte de `://` tras el esquema, así que nombraría un host llamado `http`; no se envió ninguna petición", "usa {fixed}"),
            ("it", "a `{url}` manca parte di `://` dopo lo schema, quindi indicherebbe un host chiamato `http`; non è stata inviata alcuna richiesta", "usa {fixed}"),
            ("ar", "ينقص \u{2068}`{url}`\u{2069} جزء من \u{2068}`://`\u{2069} بعد المخطط، فيصير اسمًا لمضيف يُدعى \u{2068}`http`\u{2069}؛ لم يُرسَل أي طلب", "استخدم \u{2068}{fixed}\u{2069}"),
            ("zh-CN", "`{url}` 在协议后缺少 `://` 的一部分，会被当成名为 `http` 的主机；没有发送任何请求", "请使用 {fixed}"),
            ("zh-TW", "`{url}` 在協定後缺少 `://` 的一部分，會被當成名為 `http` 的主機；沒有傳送任何請求", "請使用 {fixed}"),
            ("ja", "`{url}` はスキームの後の `://` が一部欠けているため、`http` という名前のホストを指してしまいます。リクエストは送っていません", "{fixed} を使ってください"),
            ("ko", "`{url}`은(는) 스킴 뒤의 `://` 일부가 빠져 `http`라는 호스트를 가리키게 됩니다. 요청을 보내지 않았습니다", "{fixed}을(를) 사용하세요"),
            ("uk", "в `{url}` бракує частини `://` після схеми, тож це означало б хост з назвою `http`; жодного запиту не надіслано", "використайте {fixed}"),
            ("sw", "`{url}` inakosa sehemu ya `://` baada ya mpango wake, hivyo ingetaja mwenyeji aitwaye `http`; hakuna ombi lililotumwa", "tumia {fixed}"),
        ],
    },
    Rule {
        id: "url-with-path",
        detect: Detector::Exchange(doubled_path),
        explains: Explains::NotPassed,
        texts: &[
            ("en", "`{path}` repeats `/{segment}`: the URL given ends in `/{segment}`, and the hint adds its own path to it", "give the app's root URL, without `/{segment}`"),
            ("de", "`{path}` wiederholt `/{segment}`: die angegebene URL endet auf `/{segment}`, und der Hinweis hängt seinen eigenen Pfad an", "gib die Stamm-URL der App an, ohne `/{segment}`"),
            ("pt-BR", "`{path}` repete `/{segment}`: a URL informada termina em `/{segment}`, e a dica acrescenta o próprio caminho a ela", "informe a URL raiz do app, sem `/{segment}`"),
            ("es", "`{path}` repite `/{segment}`: la URL dada termina en `/{segment}` y la pista le añade su propia ruta", "da la URL raíz de la app, sin `/{segment}`"),
            ("it", "`{path}` ripete `/{segment}`: l'URL indicato finisce con `/{segment}` e il suggerimento vi aggiunge il proprio percorso", "indica l'URL radice dell'app, senza `/{segment}`"),
            ("ar", "يكرر \u{2068}`{path}`\u{2069} الجزء \u{2068}`/{segment}`\u{2069}: العنوان المعطى ينتهي بـ \u{2068}`/{segment}`\u{2069} والتلميح يضيف إليه مساره", "أعطِ العنوان الجذري للتطبيق، دون \u{2068}`/{segment}`\u{2069}"),
            ("zh-CN", "`{path}` 重复了 `/{segment}`：给出的 URL 以 `/{segment}` 结尾，而提示又在后面加上了自己的路径", "请给出应用的根 URL，不带 `/{segment}`"),
            ("zh-TW", "`{path}` 重複了 `/{segment}`：提供的 URL 以 `/{segment}` 結尾，而提示又在後面加上自己的路徑", "請提供應用程式的根 URL，不含 `/{segment}`"),
            ("ja", "`{path}` は `/{segment}` を繰り返しています。指定した URL が `/{segment}` で終わり、ヒントがそこに自分のパスを足しています", "`/{segment}` を付けない、アプリのルート URL を指定してください"),
            ("ko", "`{path}`에 `/{segment}`이(가) 반복됩니다. 주어진 URL이 `/{segment}`(으)로 끝나고 힌트가 그 뒤에 자기 경로를 붙입니다", "`/{segment}` 없이 앱의 루트 URL을 주세요"),
            ("uk", "`{path}` повторює `/{segment}`: наданий URL закінчується на `/{segment}`, а підказка додає до нього свій шлях", "вкажіть кореневий URL застосунку, без `/{segment}`"),
            ("sw", "`{path}` inarudia `/{segment}`: URL iliyotolewa inaishia na `/{segment}`, na kidokezo kinaongeza njia yake yenyewe", "toa URL ya mzizi wa programu, bila `/{segment}`"),
        ],
    },
    Rule {
        id: "forwarded-for-only",
        detect: Detector::Exchange(forwarded_for_only),
        explains: Explains::NotPassed,
        texts: &[
            ("en", "`{path}` answered without an address: the app reads it only from X-Forwarded-For, which a host's proxy sets and a request straight to the app does not carry", "use `req.ip` (with `app.set('trust proxy', true)` behind a host's proxy), which falls back to the connection's own address"),
            ("de", "`{path}` antwortete ohne Adresse: die App liest sie nur aus X-Forwarded-For, das der Proxy eines Hosts setzt und eine Anfrage direkt an die App nicht enthält", "verwende `req.ip` (hinter dem Proxy eines Hosts mit `app.set('trust proxy', true)`), das auf die Adresse der Verbindung zurückgreift"),
            ("pt-BR", "`{path}` respondeu sem endereço: o app o lê só de X-Forwarded-For, que o proxy de um host define e uma requisição direta ao app não traz", "use `req.ip` (com `app.set('trust proxy', true)` atrás do proxy de um host), que recorre ao endereço da própria conexão"),
            ("es", "`{path}` respondió sin dirección: la app la lee solo de X-Forwarded-For, que pone el proxy de un host y que una petición directa a la app no lleva", "usa `req.ip` (con `app.set('trust proxy', true)` detrás del proxy de un host), que recurre a la dirección de la propia conexión"),
            ("it", "`{path}` ha risposto senza indirizzo: l'app lo legge solo da X-Forwarded-For, che il proxy di un host imposta e una richiesta diretta all'app non porta", "usa `req.ip` (con `app.set('trust proxy', true)` dietro il proxy di un host), che ripiega sull'indirizzo della connessione"),
            ("ar", "أجاب \u{2068}`{path}`\u{2069} دون عنوان: التطبيق يقرؤه من \u{2068}X-Forwarded-For\u{2069} فقط، الذي يضبطه وكيل المستضيف ولا يحمله طلب مباشر إلى التطبيق", "استخدم \u{2068}`req.ip`\u{2069} (مع \u{2068}`app.set('trust proxy', true)`\u{2069} خلف وكيل المستضيف)، إذ يرجع إلى عنوان الاتصال نفسه"),
            ("zh-CN", "`{path}` 的响应里没有地址：应用只从 X-Forwarded-For 读取地址，而这个头由主机的代理设置，直接发给应用的请求不会带", "使用 `req.ip`（在主机代理之后配合 `app.set('trust proxy', true)`），它会退回到连接本身的地址"),
            ("zh-TW", "`{path}` 的回應裡沒有位址：應用程式只從 X-Forwarded-For 讀取位址，而這個標頭由主機的代理設定，直接送到應用程式的請求不會帶", "使用 `req.ip`（在主機代理之後搭配 `app.set('trust proxy', true)`），它會退回到連線本身的位址"),
            ("ja", "`{path}` の応答にアドレスがありません。アプリは X-Forwarded-For だけから読んでいますが、これはホストのプロキシが付けるもので、アプリへ直接のリクエストにはありません", "`req.ip` を使ってください（ホストのプロキシの後ろでは `app.set('trust proxy', true)` と併用）。接続自体のアドレスにフォールバックします"),
            ("ko", "`{path}`의 응답에 주소가 없습니다. 앱이 X-Forwarded-For에서만 읽는데, 이 헤더는 호스트의 프록시가 붙이며 앱으로 바로 가는 요청에는 없습니다", "`req.ip`를 쓰세요(호스트 프록시 뒤에서는 `app.set('trust proxy', true)`와 함께). 연결 자체의 주소로 대체됩니다"),
            ("uk", "`{path}` відповів без адреси: застосунок читає її лише з X-Forwarded-For, який додає проксі хостингу, а запит просто до застосунку його не має", "використайте `req.ip` (за проксі хостингу разом з `app.set('trust proxy', true)`), що повертається до адреси самого з'єднання"),
            ("sw", "`{path}` ilijibu bila anwani: programu inaisoma tu kutoka X-Forwarded-For, ambayo proksi ya mwenyeji huweka na ombi la moja kwa moja kwa programu halina", "tumia `req.ip` (pamoja na `app.set('trust proxy', true)` nyuma ya proksi ya mwenyeji), ambayo hurudi kwenye anwani ya muunganisho wenyewe"),
        ],
    },
    Rule {
        id: "node-env-test",
        detect: Detector::Exchange(unavailable_tests),
        explains: Explains::NotPassed,
        texts: &[
            ("en", "`{path}` answered {\"status\":\"unavailable\"}: the boilerplate runs its tests, and shows their results there, only when NODE_ENV is `test`", "set NODE_ENV=test where the app runs (in `.env`, or in the host's environment settings), restart it, and check that `{path}` lists the tests"),
            ("de", "`{path}` antwortete {\"status\":\"unavailable\"}: die Vorlage führt ihre Tests nur aus und zeigt die Ergebnisse dort nur, wenn NODE_ENV `test` ist", "setze NODE_ENV=test dort, wo die App läuft (in `.env` oder in den Umgebungseinstellungen des Hosts), starte sie neu und prüfe, dass `{path}` die Tests auflistet"),
            ("pt-BR", "`{path}` respondeu {\"status\":\"unavailable\"}: o boilerplate só executa os testes, e mostra os resultados ali, quando NODE_ENV é `test`", "defina NODE_ENV=test onde o app roda (no `.env` ou nas configurações de ambiente do host), reinicie-o e confira se `{path}` lista os testes"),
            ("es", "`{path}` respondió {\"status\":\"unavailable\"}: la plantilla solo ejecuta sus pruebas, y muestra sus resultados ahí, cuando NODE_ENV es `test`", "define NODE_ENV=test donde se ejecuta la app (en `.env` o en la configuración de entorno del host), reiníciala y comprueba que `{path}` lista las pruebas"),
            ("it", "`{path}` ha risposto {\"status\":\"unavailable\"}: il boilerplate esegue i test, e ne mostra i risultati lì, solo quando NODE_ENV è `test`", "imposta NODE_ENV=test dove gira l'app (in `.env` o nelle impostazioni d'ambiente dell'host), riavviala e controlla che `{path}` elenchi i test"),
            ("ar", "أجاب \u{2068}`{path}`\u{2069} بـ \u{2068}{\"status\":\"unavailable\"}\u{2069}: القالب لا يشغّل اختباراته ولا يعرض نتائجها هناك إلا إذا كانت قيمة \u{2068}NODE_ENV\u{2069} هي \u{2068}`test`\u{2069}", "اضبط \u{2068}NODE_ENV=test\u{2069} حيث يعمل التطبيق (في \u{2068}`.env`\u{2069} أو في إعدادات البيئة لدى المستضيف)، ثم أعد تشغيله وتحقق من أن \u{2068}`{path}`\u{2069} يعرض الاختبارات"),
            ("zh-CN", "`{path}` 返回了 {\"status\":\"unavailable\"}：样板项目只有在 NODE_ENV 为 `test` 时才会运行测试并在那里显示结果", "在应用运行的地方设置 NODE_ENV=test（在 `.env` 或主机的环境变量设置中），重启应用，并确认 `{path}` 列出了测试"),
            ("zh-TW", "`{path}` 回傳了 {\"status\":\"unavailable\"}：樣板專案只有在 NODE_ENV 為 `test` 時才會執行測試並在那裡顯示結果", "在應用程式執行的地方設定 NODE_ENV=test（在 `.env` 或主機的環境變數設定中），重新啟動，並確認 `{path}` 列出了測試"),
            ("ja", "`{path}` が {\"status\":\"unavailable\"} を返しました。ボイラープレートは NODE_ENV が `test` のときだけテストを実行し、結果をそこに表示します", "アプリが動く場所で NODE_ENV=test を設定し（`.env` かホストの環境変数設定）、再起動して `{path}` にテストが並ぶことを確かめてください"),
            ("ko", "`{path}`이(가) {\"status\":\"unavailable\"}을(를) 반환했습니다. 보일러플레이트는 NODE_ENV가 `test`일 때만 테스트를 실행하고 결과를 그곳에 보여 줍니다", "앱이 실행되는 곳에 NODE_ENV=test를 설정하고(`.env` 또는 호스트의 환경 설정), 다시 시작한 뒤 `{path}`에 테스트가 나열되는지 확인하세요"),
            ("uk", "`{path}` відповів {\"status\":\"unavailable\"}: шаблон запускає тести й показує там результати, лише коли NODE_ENV має значення `test`", "встановіть NODE_ENV=test там, де працює застосунок (у `.env` або в налаштуваннях середовища хостингу), перезапустіть його й перевірте, що `{path}` показує тести"),
            ("sw", "`{path}` ilijibu {\"status\":\"unavailable\"}: kiolezo huendesha majaribio yake, na kuonyesha matokeo hapo, tu NODE_ENV ikiwa `test`", "weka NODE_ENV=test mahali programu inapoendeshwa (katika `.env` au mipangilio ya mazingira ya mwenyeji), iwashe upya, na uhakikishe kuwa `{path}` inaorodhesha majaribio"),
        ],
    },
    Rule {
        id: "api-routes-missing",
        detect: Detector::Exchange(missing_api_route),
        explains: Explains::NotPassed,
        texts: &[
            ("en", "`{path}` answered 404: the boilerplate's `/_api` routes, which freeCodeCamp's tests read, are missing", "restore the `/_api` routes from the project's boilerplate (its `routes/fcctesting.js`, or the `/_api` lines of `server.js`)"),
            ("de", "`{path}` antwortete mit 404: die `/_api`-Routen der Vorlage, die die Tests von freeCodeCamp lesen, fehlen", "stelle die `/_api`-Routen aus der Vorlage des Projekts wieder her (ihre `routes/fcctesting.js` oder die `/_api`-Zeilen in `server.js`)"),
            ("pt-BR", "`{path}` respondeu 404: as rotas `/_api` do boilerplate, que os testes do freeCodeCamp leem, estão faltando", "restaure as rotas `/_api` do boilerplate do projeto (o `routes/fcctesting.js` ou as linhas `/_api` do `server.js`)"),
            ("es", "`{path}` respondió 404: faltan las rutas `/_api` de la plantilla, que leen las pruebas de freeCodeCamp", "restaura las rutas `/_api` de la plantilla del proyecto (su `routes/fcctesting.js` o las líneas `/_api` de `server.js`)"),
            ("it", "`{path}` ha risposto 404: mancano le rotte `/_api` del boilerplate, che i test di freeCodeCamp leggono", "ripristina le rotte `/_api` dal boilerplate del progetto (il suo `routes/fcctesting.js` o le righe `/_api` di `server.js`)"),
            ("ar", "أجاب \u{2068}`{path}`\u{2069} بالرمز 404: مسارات \u{2068}`/_api`\u{2069} في القالب، التي تقرؤها اختبارات freeCodeCamp، مفقودة", "أعد مسارات \u{2068}`/_api`\u{2069} من قالب المشروع (ملف \u{2068}`routes/fcctesting.js`\u{2069} أو أسطر \u{2068}`/_api`\u{2069} في \u{2068}`server.js`\u{2069})"),
            ("zh-CN", "`{path}` 返回 404：缺少样板项目中供 freeCodeCamp 测试读取的 `/_api` 路由", "从项目样板中恢复 `/_api` 路由（`routes/fcctesting.js`，或 `server.js` 中的 `/_api` 相关行）"),
            ("zh-TW", "`{path}` 回傳 404：缺少樣板專案中供 freeCodeCamp 測試讀取的 `/_api` 路由", "從專案樣板中還原 `/_api` 路由（`routes/fcctesting.js`，或 `server.js` 中的 `/_api` 相關行）"),
            ("ja", "`{path}` が 404 を返しました。freeCodeCamp のテストが読むボイラープレートの `/_api` ルートがありません", "プロジェクトのボイラープレートから `/_api` ルートを戻してください（`routes/fcctesting.js` や `server.js` の `/_api` の行）"),
            ("ko", "`{path}`이(가) 404를 반환했습니다. freeCodeCamp 테스트가 읽는 보일러플레이트의 `/_api` 경로가 없습니다", "프로젝트 보일러플레이트의 `/_api` 경로를 되살리세요(`routes/fcctesting.js` 또는 `server.js`의 `/_api` 줄)"),
            ("uk", "`{path}` відповів 404: бракує маршрутів `/_api` із шаблону, які читають тести freeCodeCamp", "відновіть маршрути `/_api` із шаблону проєкту (його `routes/fcctesting.js` або рядки `/_api` у `server.js`)"),
            ("sw", "`{path}` ilijibu 404: njia za `/_api` za kiolezo, ambazo majaribio ya freeCodeCamp husoma, hazipo", "rejesha njia za `/_api` kutoka kwenye kiolezo cha mradi (`routes/fcctesting.js` yake, au mistari ya `/_api` ya `server.js`)"),
        ],
    },
    Rule {
        id: "cors-missing",
        detect: Detector::Outcome(no_cors),
        explains: Explains::CorsBlocked,
        texts: &[
            ("en", "the answer to {request} has no Access-Control-Allow-Origin for {origin}, so freeCodeCamp's page cannot read it", "enable CORS: `npm install cors`, then `app.use(require('cors')({ origin: '{origin}' }))` before your routes"),
            ("de", "die Antwort auf {request} hat kein Access-Control-Allow-Origin für {origin}, daher kann die Seite von freeCodeCamp sie nicht lesen", "aktiviere CORS: `npm install cors`, dann `app.use(require('cors')({ origin: '{origin}' }))` vor deinen Routen"),
            ("pt-BR", "a resposta a {request} não tem Access-Control-Allow-Origin para {origin}, então a página do freeCodeCamp não consegue lê-la", "ative o CORS: `npm install cors` e depois `app.use(require('cors')({ origin: '{origin}' }))` antes das suas rotas"),
            ("es", "la respuesta a {request} no tiene Access-Control-Allow-Origin para {origin}, así que la página de freeCodeCamp no puede leerla", "activa CORS: `npm install cors` y luego `app.use(require('cors')({ origin: '{origin}' }))` antes de tus rutas"),
            ("it", "la risposta a {request} non ha Access-Control-Allow-Origin per {origin}, quindi la pagina di freeCodeCamp non può leggerla", "attiva CORS: `npm install cors`, poi `app.use(require('cors')({ origin: '{origin}' }))` prima delle tue rotte"),
            ("ar", "الرد على \u{2068}{request}\u{2069} لا يحوي \u{2068}Access-Control-Allow-Origin\u{2069} لـ \u{2068}{origin}\u{2069}، فلا تستطيع صفحة freeCodeCamp قراءته", "فعّل CORS: \u{2068}`npm install cors`\u{2069} ثم \u{2068}`app.use(require('cors')({ origin: '{origin}' }))`\u{2069} قبل مساراتك"),
            ("zh-CN", "对 {request} 的响应没有针对 {origin} 的 Access-Control-Allow-Origin，所以 freeCodeCamp 的页面无法读取它", "启用 CORS：`npm install cors`，然后在路由之前加上 `app.use(require('cors')({ origin: '{origin}' }))`"),
            ("zh-TW", "對 {request} 的回應沒有針對 {origin} 的 Access-Control-Allow-Origin，所以 freeCodeCamp 的頁面無法讀取它", "啟用 CORS：`npm install cors`，然後在路由之前加上 `app.use(require('cors')({ origin: '{origin}' }))`"),
            ("ja", "{request} への応答に {origin} 向けの Access-Control-Allow-Origin がないため、freeCodeCamp のページは読めません", "CORS を有効にしてください。`npm install cors` のあと、ルートより前に `app.use(require('cors')({ origin: '{origin}' }))`"),
            ("ko", "{request}에 대한 응답에 {origin}용 Access-Control-Allow-Origin이 없어 freeCodeCamp 페이지가 읽을 수 없습니다", "CORS를 켜세요: `npm install cors` 후 라우트보다 앞에 `app.use(require('cors')({ origin: '{origin}' }))`"),
            ("uk", "відповідь на {request} не має Access-Control-Allow-Origin для {origin}, тож сторінка freeCodeCamp не може її прочитати", "увімкніть CORS: `npm install cors`, потім `app.use(require('cors')({ origin: '{origin}' }))` перед маршрутами"),
            ("sw", "jibu la {request} halina Access-Control-Allow-Origin kwa {origin}, hivyo ukurasa wa freeCodeCamp hauwezi kulisoma", "washa CORS: `npm install cors`, kisha `app.use(require('cors')({ origin: '{origin}' }))` kabla ya njia zako"),
        ],
    },
    Rule {
        id: "sleeping-host",
        detect: Detector::Run(sleeping_host),
        explains: Explains::SiteTimeout,
        texts: &[
            ("en", "the app took {first} to give its first answer, and {later} for this hint: a free host waking from sleep; freeCodeCamp gives each hint 5 s", "open the app in a browser, wait until it loads, then submit at once; or use a host that does not sleep"),
            ("de", "die App brauchte {first} für ihre erste Antwort und {later} für diesen Hinweis: ein kostenloser Host, der aus dem Ruhezustand erwacht; freeCodeCamp gibt jedem Hinweis 5 s", "öffne die App im Browser, warte, bis sie lädt, und reiche sie dann sofort ein; oder nutze einen Host, der nicht schläft"),
            ("pt-BR", "o app levou {first} para dar a primeira resposta e {later} para esta dica: um host gratuito acordando; o freeCodeCamp dá 5 s a cada dica", "abra o app no navegador, espere carregar e envie em seguida; ou use um host que não hiberna"),
            ("es", "la app tardó {first} en dar su primera respuesta y {later} en esta pista: un host gratuito que despierta; freeCodeCamp da 5 s a cada pista", "abre la app en el navegador, espera a que cargue y envíala enseguida; o usa un host que no se duerma"),
            ("it", "l'app ha impiegato {first} per la prima risposta e {later} per questo suggerimento: un host gratuito che si risveglia; freeCodeCamp dà 5 s a ogni suggerimento", "apri l'app nel browser, aspetta che si carichi e inviala subito; oppure usa un host che non va in sospensione"),
            ("ar", "استغرق التطبيق \u{2068}{first}\u{2069} ليعطي أول رد، و\u{2068}{later}\u{2069} لهذا التلميح: مستضيف مجاني يستيقظ من السكون؛ ويمنح freeCodeCamp كل تلميح 5 ثوانٍ", "افتح التطبيق في المتصفح وانتظر حتى يُحمَّل، ثم أرسله فورًا؛ أو استخدم مستضيفًا لا ينام"),
            ("zh-CN", "应用花了 {first} 才给出第一个响应，而这条提示只用了 {later}：这是正在从休眠中唤醒的免费主机；freeCodeCamp 给每条提示 5 秒", "先在浏览器中打开应用，等它加载完成后立即提交；或者换用不会休眠的主机"),
            ("zh-TW", "應用程式花了 {first} 才給出第一個回應，而這條提示只用了 {later}：這是正在從休眠中喚醒的免費主機；freeCodeCamp 給每條提示 5 秒", "先在瀏覽器中開啟應用程式，等它載入完成後立即提交；或者改用不會休眠的主機"),
            ("ja", "アプリは最初の応答に {first}、このヒントには {later} かかりました。スリープから起きる無料ホストです。freeCodeCamp は各ヒントに 5 秒しか与えません", "ブラウザーでアプリを開き、読み込まれたらすぐに提出してください。またはスリープしないホストを使ってください"),
            ("ko", "앱이 첫 응답에 {first}, 이 힌트에는 {later} 걸렸습니다. 절전 상태에서 깨어나는 무료 호스트입니다. freeCodeCamp는 힌트마다 5초를 줍니다", "브라우저에서 앱을 열어 로드될 때까지 기다린 뒤 바로 제출하세요. 또는 절전하지 않는 호스트를 쓰세요"),
            ("uk", "застосунку знадобилося {first} на першу відповідь і {later} на цю підказку: безкоштовний хостинг прокидається зі сну; freeCodeCamp дає кожній підказці 5 с", "відкрийте застосунок у браузері, дочекайтеся завантаження й одразу надсилайте; або оберіть хостинг, що не засинає"),
            ("sw", "programu ilichukua {first} kutoa jibu lake la kwanza, na {later} kwa kidokezo hiki: mwenyeji wa bure anayeamka kutoka usingizini; freeCodeCamp hupa kila kidokezo sekunde 5", "fungua programu kwenye kivinjari, subiri ipakie, kisha iwasilishe mara moja; au tumia mwenyeji asiyelala"),
        ],
    },
    Rule {
        id: "port-ignored",
        detect: Detector::Run(ignored_port),
        explains: Explains::Passed,
        texts: &[
            ("en", "the app listens on port {actual}, not on {expected}, the port it was given in PORT: it ignores the PORT variable, which hosts set too; it was graded on port {actual}", "listen on `process.env.PORT`, for example `app.listen(process.env.PORT || 3000)`"),
            ("de", "die App lauscht auf Port {actual}, nicht auf {expected}, den sie in PORT bekam: sie ignoriert die Variable PORT, die auch Hosts setzen; sie wurde auf Port {actual} bewertet", "lausche auf `process.env.PORT`, zum Beispiel `app.listen(process.env.PORT || 3000)`"),
            ("pt-BR", "o app escuta na porta {actual}, não na {expected}, a porta recebida em PORT: ele ignora a variável PORT, que os hosts também definem; foi avaliado na porta {actual}", "escute em `process.env.PORT`, por exemplo `app.listen(process.env.PORT || 3000)`"),
            ("es", "la app escucha en el puerto {actual}, no en {expected}, el que recibió en PORT: ignora la variable PORT, que los hosts también definen; se evaluó en el puerto {actual}", "escucha en `process.env.PORT`, por ejemplo `app.listen(process.env.PORT || 3000)`"),
            ("it", "l'app ascolta sulla porta {actual}, non sulla {expected} ricevuta in PORT: ignora la variabile PORT, che anche gli host impostano; è stata valutata sulla porta {actual}", "ascolta su `process.env.PORT`, per esempio `app.listen(process.env.PORT || 3000)`"),
            ("ar", "يستمع التطبيق على المنفذ \u{2068}{actual}\u{2069} لا على \u{2068}{expected}\u{2069} الذي أُعطي له في \u{2068}PORT\u{2069}: إنه يتجاهل المتغير \u{2068}PORT\u{2069} الذي يضبطه المستضيفون أيضًا؛ وقد قُيِّم على المنفذ \u{2068}{actual}\u{2069}", "استمع على \u{2068}`process.env.PORT`\u{2069}، مثلًا \u{2068}`app.listen(process.env.PORT || 3000)`\u{2069}"),
            ("zh-CN", "应用监听的是端口 {actual}，而不是通过 PORT 给它的 {expected}：它忽略了主机也会设置的 PORT 变量；本次在端口 {actual} 上评测", "监听 `process.env.PORT`，例如 `app.listen(process.env.PORT || 3000)`"),
            ("zh-TW", "應用程式監聽的是連接埠 {actual}，而不是透過 PORT 給它的 {expected}：它忽略了主機也會設定的 PORT 變數；本次在連接埠 {actual} 上評測", "監聽 `process.env.PORT`，例如 `app.listen(process.env.PORT || 3000)`"),
            ("ja", "アプリは PORT で渡されたポート {expected} ではなく {actual} で待ち受けています。ホストも設定する PORT 変数を無視しています。今回はポート {actual} で採点しました", "`process.env.PORT` で待ち受けてください。例: `app.listen(process.env.PORT || 3000)`"),
            ("ko", "앱이 PORT로 받은 {expected}이(가) 아니라 포트 {actual}에서 수신합니다. 호스트도 설정하는 PORT 변수를 무시하고 있습니다. 이번에는 포트 {actual}에서 채점했습니다", "`process.env.PORT`에서 수신하세요. 예: `app.listen(process.env.PORT || 3000)`"),
            ("uk", "застосунок слухає порт {actual}, а не {expected}, отриманий у PORT: він ігнорує змінну PORT, яку встановлюють і хостинги; його перевірено на порту {actual}", "слухайте `process.env.PORT`, наприклад `app.listen(process.env.PORT || 3000)`"),
            ("sw", "programu inasikiliza mlango {actual}, si {expected} iliyopewa katika PORT: inapuuza kigeu PORT, ambacho wenyeji pia huweka; ilipimwa kwenye mlango {actual}", "sikiliza kwenye `process.env.PORT`, kwa mfano `app.listen(process.env.PORT || 3000)`"),
        ],
    },
];

/// The ids of every rule, in priority order.
pub fn rule_ids() -> Vec<&'static str> {
    RULES.iter().map(|r| r.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::LANGUAGES;

    #[test]
    fn every_rule_speaks_every_language_of_the_output_with_the_same_placeholders() {
        let names = |text: &str| -> Vec<String> {
            let mut found: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
                .filter(|n| n.chars().all(|c| c.is_ascii_lowercase()))
                .collect();
            found.sort();
            found.dedup();
            found
        };
        for rule in RULES {
            let (_, message, fix) = rule.texts[0];
            for language in LANGUAGES.iter().filter(|l| !["fr", "ru"].contains(&l.code)) {
                let entry = rule.texts.iter().find(|(c, _, _)| *c == language.code);
                let (_, m, f) = entry.unwrap_or_else(|| panic!("{} in {}", rule.id, language.code));
                assert_eq!(names(m), names(message), "{} {}", rule.id, language.code);
                assert_eq!(names(f), names(fix), "{} {}", rule.id, language.code);
            }
        }
    }

    #[test]
    fn editor_and_repository_pages_are_told_from_apps() {
        for url in [
            "https://github.com/learner/boilerplate-project",
            "https://replit.com/@learner/boilerplate",
            "https://glitch.com/edit/#!/my-app",
            "https://codesandbox.io/s/abc123",
            "http://www.github.com/x",
        ] {
            assert!(refused_url(url).is_some(), "{url}");
        }
        for url in [
            "https://learner.github.io/app",
            "https://my-app.replit.app",
            "https://my-app.glitch.me",
            "https://abc123.csb.app",
            "http://localhost:3000",
        ] {
            assert!(refused_url(url).is_none(), "{url}");
        }
    }
}
