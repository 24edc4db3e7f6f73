//! The words of the human output in every language the curriculum is translated into, counted
//! phrases chosen by CLDR plural rules (the only user of intl_pluralrules and unic-langid), and
//! the display width of text, for columns that line up in any script (the only user of
//! unicode-width).

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

use crate::catalog::Language;

/// A phrase with a count: the form for each CLDR plural category the language has (`zero`,
/// `one`, `two`, `few`, `many`), and `other`, which every language has. `{n}` is the count.
pub type Plural = &'static [(&'static str, &'static str)];

/// Everything the human output says around the hint texts, in one language.
pub struct Words {
    /// The status of one hint.
    pub passed: &'static str,
    pub failed: &'static str,
    pub errored: &'static str,
    pub timed_out: &'static str,
    pub expected: &'static str,
    pub actual: &'static str,
    /// The summary: "{n} hints: {n} passed, {n} failed".
    pub hints: Plural,
    pub passed_count: Plural,
    pub failed_count: Plural,
    pub errored_count: Plural,
    pub timed_out_count: Plural,
    /// "flaky: passed on attempt {n}".
    pub flaky: &'static str,
    pub console: &'static str,
    pub note: &'static str,
    pub more_lines: Plural,
    pub more_requests: Plural,
    pub more: Plural,
    pub cors_title: &'static str,
    pub cors_help: &'static str,
    pub help: &'static str,
    pub no_hints: &'static str,
    pub interrupted: &'static str,
    /// Where a built-in challenge lives: "built in".
    pub built_in: &'static str,
    /// "see it with {command}".
    pub see_source: &'static str,
    /// Said under a challenge that has no translation in this language.
    pub untranslated: &'static str,
    /// Before the command that runs only what did not pass.
    pub rerun: &'static str,
    /// Between the counts of the summary.
    pub separator: &'static str,
    /// The note on a hint that left an interval running.
    pub interval_cleared: &'static str,
    /// Before what a passing hint relied on that freeCodeCamp's runner does not give.
    pub would_fail: &'static str,
    /// "it sent a cookie ({request})".
    pub risk_cookie: &'static str,
    /// "it took {seconds}".
    pub risk_slow: &'static str,
    /// "a browser there could not read {request}".
    pub risk_cors: &'static str,
    /// The labels of a diagnosis and of its fix.
    pub diagnosis: &'static str,
    pub fix: &'static str,
    /// The heading of a `--watch` round: "round {n}".
    pub round: &'static str,
    /// "{n} files changed".
    pub files_changed: Plural,
    /// "watching {dir}; change a file to grade again, Ctrl-C to stop".
    pub watching: &'static str,
    /// "restarted `{command}`".
    pub restarted: &'static str,
    /// Whether lines run right to left, so code and URLs in them need isolating.
    pub right_to_left: bool,
}

/// The words for `language`; English for a language without its own.
pub fn words(language: &Language) -> &'static Words {
    match language.code {
        "de" => &GERMAN,
        "pt-BR" => &PORTUGUESE,
        "es" => &SPANISH,
        "it" => &ITALIAN,
        "ar" => &ARABIC,
        "zh-CN" => &CHINESE,
        "zh-TW" => &TRADITIONAL_CHINESE,
        "ja" => &JAPANESE,
        "ko" => &KOREAN,
        "uk" => &UKRAINIAN,
        "sw" => &SWAHILI,
        _ => &ENGLISH,
    }
}

/// `phrase` for the count `n` in `language`, by its CLDR plural rules.
pub fn count(language: &Language, phrase: Plural, n: usize) -> String {
    let category = category(language, n);
    let name = match category {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    };
    let form = phrase
        .iter()
        .find(|(c, _)| *c == name)
        .or_else(|| phrase.iter().find(|(c, _)| *c == "other"))
        .map_or("{n}", |(_, f)| *f);
    form.replace("{n}", &n.to_string())
}

fn category(language: &Language, n: usize) -> PluralCategory {
    let primary = language.code.split('-').next().unwrap_or("en");
    let rules = primary
        .parse::<unic_langid::LanguageIdentifier>()
        .ok()
        .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok());
    rules
        .and_then(|r| r.select(n as u64).ok())
        .unwrap_or(if n == 1 {
            PluralCategory::ONE
        } else {
            PluralCategory::OTHER
        })
}

/// How many terminal columns `text` takes: CJK characters take two.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `columns` display columns.
pub fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

/// Keeps left-to-right text (code, a URL, a command) in its order inside a right-to-left line,
/// with the Unicode first-strong isolate around it.
pub fn isolate(words: &Words, text: &str) -> String {
    if words.right_to_left {
        format!("\u{2068}{text}\u{2069}")
    } else {
        text.to_string()
    }
}

const ENGLISH: Words = Words {
    passed: "passed",
    failed: "failed",
    errored: "errored",
    timed_out: "timed out",
    expected: "expected",
    actual: "actual",
    hints: &[("one", "{n} hint"), ("other", "{n} hints")],
    passed_count: &[("other", "{n} passed")],
    failed_count: &[("other", "{n} failed")],
    errored_count: &[("other", "{n} errored")],
    timed_out_count: &[("other", "{n} timed out")],
    flaky: "flaky: passed on attempt {n}",
    console: "console:",
    note: "note:",
    more_lines: &[
        ("one", "… and {n} more line (all of them with --format json)"),
        ("other", "… and {n} more lines (all of them with --format json)"),
    ],
    more_requests: &[
        ("one", "… and {n} more request"),
        ("other", "… and {n} more requests"),
    ],
    more: &[("other", "… and {n} more")],
    cors_title: "CORS: freeCodeCamp submits from its own site, and a browser there could not read these answers:",
    cors_help: "send Access-Control-Allow-Origin (the `cors` package does), or pass --no-cors-check",
    help: "help",
    no_hints: "(no hints)",
    interrupted: "interrupted: the remaining hints did not run",
    built_in: "built in",
    see_source: "see it with {command}",
    untranslated: "this challenge has no translation in your language; it is shown in English",
    rerun: "to run only the challenges that did not pass:",
    separator: ", ",
    interval_cleared: "an interval (setInterval) was still running when nothing else was pending; it was cleared",
    would_fail: "passes here; would fail on freeCodeCamp:",
    risk_cookie: "it passes only with the cookie it sent ({request}), and the site's runner sends none",
    risk_slow: "it took {seconds}, and the site gives a hint 5 s",
    risk_cors: "a browser there could not read the answer to {request} (no CORS header)",
    diagnosis: "diagnosis",
    fix: "fix",
    round: "round {n}",
    files_changed: &[("one", "{n} file changed"), ("other", "{n} files changed")],
    watching: "watching {dir}: change a file to grade again, Ctrl-C to stop",
    restarted: "restarted `{command}`",
    right_to_left: false,
};

const GERMAN: Words = Words {
    passed: "bestanden",
    failed: "nicht bestanden",
    errored: "Fehler",
    timed_out: "Zeit überschritten",
    expected: "erwartet",
    actual: "erhalten",
    hints: &[("one", "{n} Test"), ("other", "{n} Tests")],
    passed_count: &[("other", "{n} bestanden")],
    failed_count: &[("other", "{n} nicht bestanden")],
    errored_count: &[("other", "{n} mit Fehler")],
    timed_out_count: &[("other", "{n} mit Zeitüberschreitung")],
    flaky: "unzuverlässig: bestanden im {n}. Versuch",
    console: "Konsole:",
    note: "Hinweis:",
    more_lines: &[
        ("one", "… und {n} weitere Zeile (alle mit --format json)"),
        ("other", "… und {n} weitere Zeilen (alle mit --format json)"),
    ],
    more_requests: &[
        ("one", "… und {n} weitere Anfrage"),
        ("other", "… und {n} weitere Anfragen"),
    ],
    more: &[("other", "… und {n} weitere")],
    cors_title: "CORS: freeCodeCamp sendet von seiner eigenen Seite aus, und ein Browser dort könnte diese Antworten nicht lesen:",
    cors_help: "sende Access-Control-Allow-Origin (das Paket `cors` tut das) oder verwende --no-cors-check",
    help: "Hilfe",
    no_hints: "(keine Tests)",
    interrupted: "unterbrochen: die übrigen Tests liefen nicht",
    built_in: "eingebaut",
    see_source: "ansehen mit {command}",
    untranslated: "diese Aufgabe ist nicht ins Deutsche übersetzt; sie wird auf Englisch gezeigt",
    rerun: "nur die nicht bestandenen Aufgaben noch einmal prüfen:",
    separator: ", ",
    interval_cleared: "ein Intervall (setInterval) lief noch, als sonst nichts mehr ausstand; es wurde beendet",
    would_fail: "besteht hier; würde auf freeCodeCamp scheitern:",
    risk_cookie: "er besteht nur mit dem Cookie, das er sendete ({request}), und der Prüfer der Seite sendet keine",
    risk_slow: "er brauchte {seconds}, und die Seite gibt einem Hinweis 5 s",
    risk_cors: "ein Browser dort könnte die Antwort auf {request} nicht lesen (kein CORS-Header)",
    diagnosis: "Diagnose",
    fix: "Lösung",
    round: "Runde {n}",
    files_changed: &[("one", "{n} Datei geändert"), ("other", "{n} Dateien geändert")],
    watching: "beobachte {dir}: ändere eine Datei, um erneut zu prüfen, Strg+C beendet",
    restarted: "`{command}` neu gestartet",
    right_to_left: false,
};

const PORTUGUESE: Words = Words {
    passed: "passou",
    failed: "falhou",
    errored: "erro",
    timed_out: "tempo esgotado",
    expected: "esperado",
    actual: "recebido",
    hints: &[("one", "{n} teste"), ("other", "{n} testes")],
    passed_count: &[("one", "{n} passou"), ("other", "{n} passaram")],
    failed_count: &[("one", "{n} falhou"), ("other", "{n} falharam")],
    errored_count: &[("other", "{n} com erro")],
    timed_out_count: &[("one", "{n} excedeu o tempo"), ("other", "{n} excederam o tempo")],
    flaky: "instável: passou na tentativa {n}",
    console: "console:",
    note: "observação:",
    more_lines: &[
        ("one", "… e mais {n} linha (todas com --format json)"),
        ("other", "… e mais {n} linhas (todas com --format json)"),
    ],
    more_requests: &[
        ("one", "… e mais {n} requisição"),
        ("other", "… e mais {n} requisições"),
    ],
    more: &[("other", "… e mais {n}")],
    cors_title: "CORS: o freeCodeCamp envia a partir do próprio site, e um navegador lá não conseguiria ler estas respostas:",
    cors_help: "envie Access-Control-Allow-Origin (o pacote `cors` faz isso) ou use --no-cors-check",
    help: "ajuda",
    no_hints: "(sem testes)",
    interrupted: "interrompido: os testes restantes não foram executados",
    built_in: "embutido",
    see_source: "veja com {command}",
    untranslated: "este desafio não tem tradução para o português; ele é mostrado em inglês",
    rerun: "para executar só os desafios que não passaram:",
    separator: ", ",
    interval_cleared: "um intervalo (setInterval) ainda estava ativo quando nada mais estava pendente; ele foi cancelado",
    would_fail: "passa aqui; falharia no freeCodeCamp:",
    risk_cookie: "só passa com o cookie que enviou ({request}), e o executor do site não envia nenhum",
    risk_slow: "levou {seconds}, e o site dá 5 s a cada dica",
    risk_cors: "um navegador lá não conseguiria ler a resposta a {request} (sem cabeçalho CORS)",
    diagnosis: "diagnóstico",
    fix: "correção",
    round: "rodada {n}",
    files_changed: &[("one", "{n} arquivo alterado"), ("other", "{n} arquivos alterados")],
    watching: "observando {dir}: altere um arquivo para avaliar de novo, Ctrl-C para parar",
    restarted: "`{command}` reiniciado",
    right_to_left: false,
};

const SPANISH: Words = Words {
    passed: "superada",
    failed: "fallida",
    errored: "error",
    timed_out: "tiempo agotado",
    expected: "esperado",
    actual: "obtenido",
    hints: &[("one", "{n} prueba"), ("other", "{n} pruebas")],
    passed_count: &[("one", "{n} superada"), ("other", "{n} superadas")],
    failed_count: &[("one", "{n} fallida"), ("other", "{n} fallidas")],
    errored_count: &[("other", "{n} con error")],
    timed_out_count: &[("one", "{n} agotó el tiempo"), ("other", "{n} agotaron el tiempo")],
    flaky: "inestable: superada en el intento {n}",
    console: "consola:",
    note: "nota:",
    more_lines: &[
        ("one", "… y {n} línea más (todas con --format json)"),
        ("other", "… y {n} líneas más (todas con --format json)"),
    ],
    more_requests: &[
        ("one", "… y {n} solicitud más"),
        ("other", "… y {n} solicitudes más"),
    ],
    more: &[("other", "… y {n} más")],
    cors_title: "CORS: freeCodeCamp envía desde su propio sitio, y un navegador allí no podría leer estas respuestas:",
    cors_help: "envía Access-Control-Allow-Origin (el paquete `cors` lo hace) o usa --no-cors-check",
    help: "ayuda",
    no_hints: "(sin pruebas)",
    interrupted: "interrumpido: las pruebas restantes no se ejecutaron",
    built_in: "integrado",
    see_source: "míralo con {command}",
    untranslated: "este desafío no está traducido al español; se muestra en inglés",
    rerun: "para ejecutar solo los desafíos que no pasaron:",
    separator: ", ",
    interval_cleared: "un intervalo (setInterval) seguía activo cuando no quedaba nada pendiente; se canceló",
    would_fail: "pasa aquí; fallaría en freeCodeCamp:",
    risk_cookie: "solo pasa con la cookie que envió ({request}), y el ejecutor del sitio no envía ninguna",
    risk_slow: "tardó {seconds}, y el sitio da 5 s a cada pista",
    risk_cors: "un navegador allí no podría leer la respuesta a {request} (sin cabecera CORS)",
    diagnosis: "diagnóstico",
    fix: "solución",
    round: "ronda {n}",
    files_changed: &[("one", "{n} archivo cambiado"), ("other", "{n} archivos cambiados")],
    watching: "observando {dir}: cambia un archivo para evaluar de nuevo, Ctrl-C para terminar",
    restarted: "`{command}` reiniciado",
    right_to_left: false,
};

const ITALIAN: Words = Words {
    passed: "superato",
    failed: "non superato",
    errored: "errore",
    timed_out: "tempo scaduto",
    expected: "atteso",
    actual: "ottenuto",
    hints: &[("other", "{n} test")],
    passed_count: &[("one", "{n} superato"), ("other", "{n} superati")],
    failed_count: &[("one", "{n} non superato"), ("other", "{n} non superati")],
    errored_count: &[("other", "{n} con errore")],
    timed_out_count: &[("other", "{n} fuori tempo")],
    flaky: "instabile: superato al tentativo {n}",
    console: "console:",
    note: "nota:",
    more_lines: &[
        ("one", "… e {n} altra riga (tutte con --format json)"),
        ("other", "… e altre {n} righe (tutte con --format json)"),
    ],
    more_requests: &[
        ("one", "… e {n} altra richiesta"),
        ("other", "… e altre {n} richieste"),
    ],
    more: &[("one", "… e {n} altro"), ("other", "… e altri {n}")],
    cors_title: "CORS: freeCodeCamp invia dal proprio sito, e un browser lì non potrebbe leggere queste risposte:",
    cors_help: "invia Access-Control-Allow-Origin (il pacchetto `cors` lo fa) oppure usa --no-cors-check",
    help: "aiuto",
    no_hints: "(nessun test)",
    interrupted: "interrotto: i test rimanenti non sono stati eseguiti",
    built_in: "integrato",
    see_source: "vedilo con {command}",
    untranslated: "questa sfida non è tradotta in italiano; è mostrata in inglese",
    rerun: "per eseguire solo le sfide non superate:",
    separator: ", ",
    interval_cleared: "un intervallo (setInterval) era ancora attivo quando non restava altro in sospeso; è stato annullato",
    would_fail: "qui passa; fallirebbe su freeCodeCamp:",
    risk_cookie: "passa solo con il cookie che ha inviato ({request}), e l'esecutore del sito non ne invia",
    risk_slow: "ha impiegato {seconds}, e il sito dà 5 s a ogni suggerimento",
    risk_cors: "un browser lì non potrebbe leggere la risposta a {request} (nessun header CORS)",
    diagnosis: "diagnosi",
    fix: "soluzione",
    round: "giro {n}",
    files_changed: &[("one", "{n} file modificato"), ("other", "{n} file modificati")],
    watching: "osservo {dir}: modifica un file per valutare di nuovo, Ctrl-C per uscire",
    restarted: "`{command}` riavviato",
    right_to_left: false,
};

const ARABIC: Words = Words {
    passed: "نجح",
    failed: "فشل",
    errored: "خطأ",
    timed_out: "انتهت المهلة",
    expected: "المتوقع",
    actual: "الفعلي",
    hints: &[
        ("zero", "{n} اختبار"),
        ("one", "اختبار واحد"),
        ("two", "اختباران"),
        ("few", "{n} اختبارات"),
        ("many", "{n} اختبارًا"),
        ("other", "{n} اختبار"),
    ],
    passed_count: &[("other", "{n} ناجح")],
    failed_count: &[("other", "{n} فاشل")],
    errored_count: &[("other", "{n} بخطأ")],
    timed_out_count: &[("other", "{n} انتهت مهلته")],
    flaky: "غير مستقر: نجح في المحاولة {n}",
    console: "وحدة التحكم:",
    note: "ملاحظة:",
    more_lines: &[
        ("one", "… وسطر آخر (كلها مع \u{2068}--format json\u{2069})"),
        ("two", "… وسطران آخران (كلها مع \u{2068}--format json\u{2069})"),
        ("few", "… و{n} أسطر أخرى (كلها مع \u{2068}--format json\u{2069})"),
        ("other", "… و{n} سطرًا آخر (كلها مع \u{2068}--format json\u{2069})"),
    ],
    more_requests: &[
        ("one", "… وطلب آخر"),
        ("two", "… وطلبان آخران"),
        ("few", "… و{n} طلبات أخرى"),
        ("other", "… و{n} طلبًا آخر"),
    ],
    more: &[("other", "… و{n} أخرى")],
    cors_title: "CORS: يرسل freeCodeCamp من موقعه، ولن يتمكن متصفح هناك من قراءة هذه الردود:",
    cors_help: "أرسل \u{2068}Access-Control-Allow-Origin\u{2069} (تفعل ذلك حزمة \u{2068}`cors`\u{2069}) أو استخدم \u{2068}--no-cors-check\u{2069}",
    help: "مساعدة",
    no_hints: "(لا اختبارات)",
    interrupted: "توقف: لم تُنفَّذ الاختبارات المتبقية",
    built_in: "مدمج",
    see_source: "اعرضه بالأمر {command}",
    untranslated: "هذا التحدي غير مترجم إلى العربية؛ يُعرض بالإنجليزية",
    rerun: "لتشغيل التحديات التي لم تنجح فقط:",
    separator: "، ",
    interval_cleared: "كان مؤقت متكرر (\u{2068}setInterval\u{2069}) لا يزال يعمل حين لم يبقَ شيء آخر معلّقًا؛ فأُلغي",
    would_fail: "ينجح هنا؛ وسيفشل على freeCodeCamp:",
    risk_cookie: "لا ينجح إلا بملف تعريف الارتباط الذي أرسله ({request})، ومشغّل الموقع لا يرسل أيًّا منها",
    risk_slow: "استغرق {seconds}، والموقع يمنح التلميح 5 ثوانٍ",
    risk_cors: "لن يتمكن متصفح هناك من قراءة الرد على {request} (لا ترويسة CORS)",
    diagnosis: "التشخيص",
    fix: "الحل",
    round: "الجولة {n}",
    files_changed: &[("zero", "لم يتغير أي ملف"), ("one", "تغيّر ملف واحد"), ("two", "تغيّر ملفان"), ("few", "تغيّرت {n} ملفات"), ("many", "تغيّر {n} ملفًا"), ("other", "تغيّر {n} ملف")],
    watching: "أراقب {dir}: غيّر ملفًا ليُعاد التقييم، و\u{2068}Ctrl-C\u{2069} للإيقاف",
    restarted: "أُعيد تشغيل {command}",
    right_to_left: true,
};

const CHINESE: Words = Words {
    passed: "通过",
    failed: "未通过",
    errored: "出错",
    timed_out: "超时",
    expected: "预期",
    actual: "实际",
    hints: &[("other", "{n} 项测试")],
    passed_count: &[("other", "{n} 项通过")],
    failed_count: &[("other", "{n} 项未通过")],
    errored_count: &[("other", "{n} 项出错")],
    timed_out_count: &[("other", "{n} 项超时")],
    flaky: "不稳定：第 {n} 次尝试时通过",
    console: "控制台：",
    note: "注：",
    more_lines: &[("other", "……另有 {n} 行（全部内容见 --format json）")],
    more_requests: &[("other", "……另有 {n} 个请求")],
    more: &[("other", "……另有 {n} 项")],
    cors_title: "CORS：freeCodeCamp 从自己的网站提交，那里的浏览器无法读取以下响应：",
    cors_help: "发送 Access-Control-Allow-Origin（`cors` 包可以做到），或使用 --no-cors-check",
    help: "提示",
    no_hints: "（没有测试）",
    interrupted: "已中断：其余测试没有运行",
    built_in: "内置",
    see_source: "用 {command} 查看",
    untranslated: "此挑战没有中文翻译，以英文显示",
    rerun: "只重新运行未通过的挑战：",
    separator: "，",
    interval_cleared: "在没有其他待办工作时仍有一个定时器（setInterval）在运行；已将其清除",
    would_fail: "在这里通过；在 freeCodeCamp 上会失败：",
    risk_cookie: "只有带上它发送的 cookie（{request}）才能通过，而网站的运行器不发送任何 cookie",
    risk_slow: "它用了 {seconds}，而网站给每条提示 5 秒",
    risk_cors: "那里的浏览器无法读取对 {request} 的响应（没有 CORS 响应头）",
    diagnosis: "诊断",
    fix: "修复",
    round: "第 {n} 轮",
    files_changed: &[("other", "{n} 个文件已更改")],
    watching: "正在监视 {dir}：修改文件即可重新评测，按 Ctrl-C 停止",
    restarted: "已重启 `{command}`",
    right_to_left: false,
};

const TRADITIONAL_CHINESE: Words = Words {
    passed: "通過",
    failed: "未通過",
    errored: "出錯",
    timed_out: "逾時",
    expected: "預期",
    actual: "實際",
    hints: &[("other", "{n} 項測試")],
    passed_count: &[("other", "{n} 項通過")],
    failed_count: &[("other", "{n} 項未通過")],
    errored_count: &[("other", "{n} 項出錯")],
    timed_out_count: &[("other", "{n} 項逾時")],
    flaky: "不穩定：第 {n} 次嘗試時通過",
    console: "主控台：",
    note: "註：",
    more_lines: &[("other", "……另有 {n} 行（全部內容見 --format json）")],
    more_requests: &[("other", "……另有 {n} 個請求")],
    more: &[("other", "……另有 {n} 項")],
    cors_title: "CORS：freeCodeCamp 從自己的網站提交，那裡的瀏覽器無法讀取以下回應：",
    cors_help: "傳送 Access-Control-Allow-Origin（`cors` 套件可以做到），或使用 --no-cors-check",
    help: "提示",
    no_hints: "（沒有測試）",
    interrupted: "已中斷：其餘測試沒有執行",
    built_in: "內建",
    see_source: "用 {command} 查看",
    untranslated: "此挑戰沒有繁體中文翻譯，以英文顯示",
    rerun: "只重新執行未通過的挑戰：",
    separator: "，",
    interval_cleared: "在沒有其他待辦工作時仍有一個計時器（setInterval）在執行；已將其清除",
    would_fail: "在這裡通過；在 freeCodeCamp 上會失敗：",
    risk_cookie: "只有帶上它傳送的 cookie（{request}）才能通過，而網站的執行器不傳送任何 cookie",
    risk_slow: "它用了 {seconds}，而網站給每條提示 5 秒",
    risk_cors: "那裡的瀏覽器無法讀取對 {request} 的回應（沒有 CORS 標頭）",
    diagnosis: "診斷",
    fix: "修正",
    round: "第 {n} 輪",
    files_changed: &[("other", "{n} 個檔案已變更")],
    watching: "正在監看 {dir}：修改檔案即可重新評測，按 Ctrl-C 停止",
    restarted: "已重新啟動 `{command}`",
    right_to_left: false,
};

const JAPANESE: Words = Words {
    passed: "合格",
    failed: "不合格",
    errored: "エラー",
    timed_out: "タイムアウト",
    expected: "期待値",
    actual: "実際の値",
    hints: &[("other", "{n} 件のテスト")],
    passed_count: &[("other", "合格 {n}")],
    failed_count: &[("other", "不合格 {n}")],
    errored_count: &[("other", "エラー {n}")],
    timed_out_count: &[("other", "タイムアウト {n}")],
    flaky: "不安定: {n} 回目で合格",
    console: "コンソール:",
    note: "注:",
    more_lines: &[("other", "… ほか {n} 行（すべては --format json で）")],
    more_requests: &[("other", "… ほか {n} 件のリクエスト")],
    more: &[("other", "… ほか {n} 件")],
    cors_title: "CORS: freeCodeCamp は自サイトから送信するため、そこのブラウザはこれらの応答を読めません:",
    cors_help: "Access-Control-Allow-Origin を送信するか（`cors` パッケージが行います）、--no-cors-check を使ってください",
    help: "ヒント",
    no_hints: "（テストなし）",
    interrupted: "中断: 残りのテストは実行されませんでした",
    built_in: "組み込み",
    see_source: "{command} で表示",
    untranslated: "このチャレンジには日本語訳がないため、英語で表示します",
    rerun: "合格しなかったチャレンジだけを再実行するには:",
    separator: "、",
    interval_cleared: "ほかに待つ処理がないのにインターバル（setInterval）が動いていたため、停止しました",
    would_fail: "ここでは合格、freeCodeCamp では不合格になる見込み:",
    risk_cookie: "送信した Cookie（{request}）があって初めて合格します。サイトのランナーは Cookie を送りません",
    risk_slow: "{seconds} かかりました。サイトが各ヒントに与えるのは 5 秒です",
    risk_cors: "そこのブラウザーは {request} への応答を読めません（CORS ヘッダーなし）",
    diagnosis: "診断",
    fix: "対処",
    round: "ラウンド {n}",
    files_changed: &[("other", "{n} 個のファイルが変更されました")],
    watching: "{dir} を監視中: ファイルを変更すると再採点、Ctrl-C で終了",
    restarted: "`{command}` を再起動しました",
    right_to_left: false,
};

const KOREAN: Words = Words {
    passed: "통과",
    failed: "실패",
    errored: "오류",
    timed_out: "시간 초과",
    expected: "예상",
    actual: "실제",
    hints: &[("other", "테스트 {n}개")],
    passed_count: &[("other", "통과 {n}")],
    failed_count: &[("other", "실패 {n}")],
    errored_count: &[("other", "오류 {n}")],
    timed_out_count: &[("other", "시간 초과 {n}")],
    flaky: "불안정: {n}번째 시도에서 통과",
    console: "콘솔:",
    note: "참고:",
    more_lines: &[("other", "… 외 {n}줄 (전체는 --format json으로)")],
    more_requests: &[("other", "… 외 요청 {n}개")],
    more: &[("other", "… 외 {n}개")],
    cors_title: "CORS: freeCodeCamp는 자체 사이트에서 제출하므로, 그곳의 브라우저는 다음 응답을 읽을 수 없습니다:",
    cors_help: "Access-Control-Allow-Origin을 보내거나(`cors` 패키지가 해 줍니다) --no-cors-check를 사용하세요",
    help: "도움말",
    no_hints: "(테스트 없음)",
    interrupted: "중단됨: 나머지 테스트는 실행되지 않았습니다",
    built_in: "내장",
    see_source: "{command}로 보기",
    untranslated: "이 챌린지는 한국어 번역이 없어 영어로 표시됩니다",
    rerun: "통과하지 못한 챌린지만 다시 실행하려면:",
    separator: ", ",
    interval_cleared: "다른 대기 작업이 없는데도 인터벌(setInterval)이 실행 중이어서 해제했습니다",
    would_fail: "여기서는 통과, freeCodeCamp에서는 실패할 것:",
    risk_cookie: "보낸 쿠키({request})가 있어야만 통과합니다. 사이트의 실행기는 쿠키를 보내지 않습니다",
    risk_slow: "{seconds} 걸렸습니다. 사이트는 힌트마다 5초를 줍니다",
    risk_cors: "그곳의 브라우저는 {request}에 대한 응답을 읽을 수 없습니다(CORS 헤더 없음)",
    diagnosis: "진단",
    fix: "해결",
    round: "{n}회차",
    files_changed: &[("other", "파일 {n}개 변경됨")],
    watching: "{dir} 감시 중: 파일을 바꾸면 다시 채점하고, Ctrl-C로 멈춥니다",
    restarted: "`{command}` 다시 시작함",
    right_to_left: false,
};

const UKRAINIAN: Words = Words {
    passed: "пройдено",
    failed: "не пройдено",
    errored: "помилка",
    timed_out: "час вичерпано",
    expected: "очікувано",
    actual: "отримано",
    hints: &[
        ("one", "{n} тест"),
        ("few", "{n} тести"),
        ("many", "{n} тестів"),
        ("other", "{n} тесту"),
    ],
    passed_count: &[("other", "{n} пройдено")],
    failed_count: &[("other", "{n} не пройдено")],
    errored_count: &[("one", "{n} з помилкою"), ("other", "{n} з помилками")],
    timed_out_count: &[("other", "{n} поза часом")],
    flaky: "нестабільний: пройдено зі спроби {n}",
    console: "консоль:",
    note: "примітка:",
    more_lines: &[
        ("one", "… і ще {n} рядок (усі з --format json)"),
        ("few", "… і ще {n} рядки (усі з --format json)"),
        ("many", "… і ще {n} рядків (усі з --format json)"),
        ("other", "… і ще {n} рядка (усі з --format json)"),
    ],
    more_requests: &[
        ("one", "… і ще {n} запит"),
        ("few", "… і ще {n} запити"),
        ("many", "… і ще {n} запитів"),
        ("other", "… і ще {n} запиту"),
    ],
    more: &[("other", "… і ще {n}")],
    cors_title: "CORS: freeCodeCamp надсилає зі свого сайту, і браузер там не зміг би прочитати ці відповіді:",
    cors_help: "надсилайте Access-Control-Allow-Origin (пакет `cors` це робить) або використайте --no-cors-check",
    help: "порада",
    no_hints: "(немає тестів)",
    interrupted: "перервано: решта тестів не виконувалася",
    built_in: "вбудований",
    see_source: "перегляньте через {command}",
    untranslated: "цей виклик не перекладено українською; його показано англійською",
    rerun: "щоб запустити лише невдалі виклики:",
    separator: ", ",
    interval_cleared: "інтервал (setInterval) ще працював, коли більше нічого не очікувалося; його скасовано",
    would_fail: "тут проходить; на freeCodeCamp не пройде:",
    risk_cookie: "вона проходить лише з cookie, яке надіслала ({request}), а виконавець сайту не надсилає жодних",
    risk_slow: "вона тривала {seconds}, а сайт дає підказці 5 с",
    risk_cors: "браузер там не зміг би прочитати відповідь на {request} (немає заголовка CORS)",
    diagnosis: "діагноз",
    fix: "виправлення",
    round: "раунд {n}",
    files_changed: &[("one", "змінено {n} файл"), ("few", "змінено {n} файли"), ("many", "змінено {n} файлів"), ("other", "змінено {n} файлу")],
    watching: "стежу за {dir}: змініть файл, щоб перевірити знову, Ctrl-C — зупинити",
    restarted: "`{command}` перезапущено",
    right_to_left: false,
};

const SWAHILI: Words = Words {
    passed: "imefaulu",
    failed: "imeshindwa",
    errored: "hitilafu",
    timed_out: "muda umekwisha",
    expected: "inayotarajiwa",
    actual: "halisi",
    hints: &[("one", "jaribio {n}"), ("other", "majaribio {n}")],
    passed_count: &[("one", "{n} limefaulu"), ("other", "{n} yamefaulu")],
    failed_count: &[("one", "{n} limeshindwa"), ("other", "{n} yameshindwa")],
    errored_count: &[("other", "{n} na hitilafu")],
    timed_out_count: &[("other", "{n} muda umekwisha")],
    flaky: "si thabiti: limefaulu katika jaribio la {n}",
    console: "dashibodi:",
    note: "kumbuka:",
    more_lines: &[
        ("one", "… na mstari {n} zaidi (yote kwa --format json)"),
        ("other", "… na mistari {n} zaidi (yote kwa --format json)"),
    ],
    more_requests: &[
        ("one", "… na ombi {n} zaidi"),
        ("other", "… na maombi {n} zaidi"),
    ],
    more: &[("other", "… na {n} zaidi")],
    cors_title: "CORS: freeCodeCamp hutuma kutoka kwenye tovuti yake, na kivinjari huko hakingeweza kusoma majibu haya:",
    cors_help: "tuma Access-Control-Allow-Origin (kifurushi `cors` hufanya hivyo) au tumia --no-cors-check",
    help: "msaada",
    no_hints: "(hakuna majaribio)",
    interrupted: "imekatizwa: majaribio yaliyobaki hayakuendeshwa",
    built_in: "iliyojengwa ndani",
    see_source: "iangalie kwa {command}",
    untranslated: "changamoto hii haijatafsiriwa kwa Kiswahili; inaonyeshwa kwa Kiingereza",
    rerun: "kuendesha tena changamoto zisizofaulu pekee:",
    separator: ", ",
    interval_cleared: "kipindi (setInterval) kilikuwa bado kinaendelea wakati hakuna kingine kilichosubiri; kimesitishwa",
    would_fail: "inafaulu hapa; ingeshindwa kwenye freeCodeCamp:",
    risk_cookie: "inafaulu tu kwa kidakuzi ilichotuma ({request}), na kiendeshaji cha tovuti hakitumi chochote",
    risk_slow: "ilichukua {seconds}, na tovuti hupa kidokezo sekunde 5",
    risk_cors: "kivinjari huko kisingeweza kusoma jibu la {request} (hakuna kichwa cha CORS)",
    diagnosis: "utambuzi",
    fix: "suluhisho",
    round: "mzunguko wa {n}",
    files_changed: &[("one", "faili {n} imebadilika"), ("other", "faili {n} zimebadilika")],
    watching: "ninafuatilia {dir}: badilisha faili ili kupima tena, Ctrl-C kusimamisha",
    restarted: "`{command}` imeanzishwa upya",
    right_to_left: false,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Language;

    #[track_caller]
    fn check(language: &str, phrase: fn(&Words) -> Plural, n: usize, expected: &str) {
        let language = Language::find(language).unwrap();
        assert_eq!(count(language, phrase(words(language)), n), expected);
    }

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        check("en", |w| w.hints, 1, "1 hint");
        check("en", |w| w.hints, 0, "0 hints");
        check("pt-BR", |w| w.failed_count, 2, "2 falharam");
        check("pt-BR", |w| w.failed_count, 1, "1 falhou");
        check("es", |w| w.failed_count, 2, "2 fallidas");
        check("uk", |w| w.hints, 2, "2 тести");
        check("uk", |w| w.hints, 5, "5 тестів");
        check("uk", |w| w.hints, 21, "21 тест");
        check("ar", |w| w.hints, 2, "اختباران");
        check("ar", |w| w.hints, 5, "5 اختبارات");
        check("ja", |w| w.hints, 1, "1 件のテスト");
    }

    #[test]
    fn width_counts_wide_characters_twice() {
        assert_eq!(width("期待値"), 6);
        assert_eq!(pad("期待値", 8), "期待値  ");
        assert_eq!(pad("expected", 8), "expected");
    }
}
