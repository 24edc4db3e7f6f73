//! The words of the HTML gradebook, in every language of the output. One table, one language
//! after another.

use super::Plural;
use crate::catalog::Language;

/// What the gradebook page says around the results.
pub struct BookWords {
    /// The page's title.
    pub title: &'static str,
    /// The heading of the learners' column.
    pub learner: &'static str,
    pub total: &'static str,
    /// "{n} learners".
    pub learners: Plural,
    /// "{learners}, {challenges}: {hints}".
    pub summary: &'static str,
    /// "{passed} of {n} hints passed", by the plural of the hints counted.
    pub hints_passed: Plural,
    /// A challenge the learner has no result for, which counts as 0 of its hints.
    pub not_submitted: &'static str,
    /// "{submitted} of {n} challenges submitted", by the plural of all the challenges; shown
    /// beside a learner's total when they did not submit every one.
    pub submitted: Plural,
    /// "; {n} apps did not answer".
    pub apps_down: Plural,
    /// A cell whose app did not answer.
    pub unreachable: &'static str,
    /// The heading of the column that counts hints that would fail on freeCodeCamp, and the
    /// reason of the mark in a cell.
    pub freecodecamp: &'static str,
    /// The label of the row that counts the learners who passed each hint.
    pub passed_each: &'static str,
    /// "graded {time}".
    pub graded_at: &'static str,
    /// Before the start of what the app answered a failed hint.
    pub answer: &'static str,
    pub close: &'static str,
    /// "answered by {origins}": the other origins whose answers a learner's hints read,
    /// through the app's redirects.
    pub answered_by: &'static str,
    /// "answered by the same app as {learners}".
    pub same_app: &'static str,
}

pub fn book_words(language: &Language) -> &'static BookWords {
    super::pick(
        language,
        &ENGLISH,
        [
            &GERMAN,
            &PORTUGUESE,
            &SPANISH,
            &ITALIAN,
            &ARABIC,
            &CHINESE,
            &TRADITIONAL_CHINESE,
            &JAPANESE,
            &KOREAN,
            &UKRAINIAN,
            &SWAHILI,
        ],
    )
}

const ENGLISH: BookWords = BookWords {
    title: "Gradebook",
    learner: "learner",
    total: "total",
    learners: &[("one", "{n} learner"), ("other", "{n} learners")],
    summary: "{learners}, {challenges}: {hints}",
    hints_passed: &[
        ("one", "{passed} of {n} hint passed"),
        ("other", "{passed} of {n} hints passed"),
    ],
    not_submitted: "not submitted",
    submitted: &[
        ("one", "{submitted} of {n} challenge submitted"),
        ("other", "{submitted} of {n} challenges submitted"),
    ],
    apps_down: &[
        ("one", "{n} app did not answer"),
        ("other", "{n} apps did not answer"),
    ],
    unreachable: "did not answer",
    freecodecamp: "would fail on freeCodeCamp",
    passed_each: "learners who passed each hint",
    graded_at: "graded {time}",
    answer: "the app answered",
    close: "close",
    answered_by: "answered by {origins}",
    same_app: "answered by the same app as {learners}",
};

const GERMAN: BookWords = BookWords {
    title: "Notenbuch",
    learner: "Lernende",
    total: "gesamt",
    learners: &[("one", "{n} Lernende:r"), ("other", "{n} Lernende")],
    summary: "{learners}, {challenges}: {hints}",
    hints_passed: &[
        ("one", "{passed} von {n} Test bestanden"),
        ("other", "{passed} von {n} Tests bestanden"),
    ],
    not_submitted: "nicht abgegeben",
    submitted: &[
        ("one", "{submitted} von {n} Aufgabe abgegeben"),
        ("other", "{submitted} von {n} Aufgaben abgegeben"),
    ],
    apps_down: &[
        ("one", "{n} App antwortete nicht"),
        ("other", "{n} Apps antworteten nicht"),
    ],
    unreachable: "keine Antwort",
    freecodecamp: "würde auf freeCodeCamp scheitern",
    passed_each: "Lernende, die jeden Test bestanden",
    graded_at: "bewertet {time}",
    answer: "die App antwortete",
    close: "schließen",
    answered_by: "beantwortet von {origins}",
    same_app: "von derselben App beantwortet wie {learners}",
};

const PORTUGUESE: BookWords = BookWords {
    title: "Boletim",
    learner: "aluno",
    total: "total",
    learners: &[("one", "{n} aluno"), ("other", "{n} alunos")],
    summary: "{learners}, {challenges}: {hints}",
    hints_passed: &[
        ("one", "{passed} de {n} teste aprovado"),
        ("other", "{passed} de {n} testes aprovados"),
    ],
    not_submitted: "não enviado",
    submitted: &[
        ("one", "{submitted} de {n} desafio enviado"),
        ("other", "{submitted} de {n} desafios enviados"),
    ],
    apps_down: &[
        ("one", "{n} app não respondeu"),
        ("other", "{n} apps não responderam"),
    ],
    unreachable: "não respondeu",
    freecodecamp: "falharia no freeCodeCamp",
    passed_each: "alunos aprovados em cada teste",
    graded_at: "avaliado em {time}",
    answer: "o app respondeu",
    close: "fechar",
    answered_by: "respondido por {origins}",
    same_app: "respondido pelo mesmo app que {learners}",
};

const SPANISH: BookWords = BookWords {
    title: "Libro de calificaciones",
    learner: "estudiante",
    total: "total",
    learners: &[("one", "{n} estudiante"), ("other", "{n} estudiantes")],
    summary: "{learners}, {challenges}: {hints}",
    hints_passed: &[
        ("one", "{passed} de {n} prueba superada"),
        ("other", "{passed} de {n} pruebas superadas"),
    ],
    not_submitted: "no entregado",
    submitted: &[
        ("one", "{submitted} de {n} desafío entregado"),
        ("other", "{submitted} de {n} desafíos entregados"),
    ],
    apps_down: &[
        ("one", "{n} app no respondió"),
        ("other", "{n} apps no respondieron"),
    ],
    unreachable: "no respondió",
    freecodecamp: "fallaría en freeCodeCamp",
    passed_each: "estudiantes que superaron cada prueba",
    graded_at: "evaluado el {time}",
    answer: "la app respondió",
    close: "cerrar",
    answered_by: "respondido por {origins}",
    same_app: "respondido por la misma app que {learners}",
};

const ITALIAN: BookWords = BookWords {
    title: "Registro dei voti",
    learner: "studente",
    total: "totale",
    learners: &[("one", "{n} studente"), ("other", "{n} studenti")],
    summary: "{learners}, {challenges}: {hints}",
    hints_passed: &[("other", "{passed} test superati su {n}")],
    not_submitted: "non consegnato",
    submitted: &[
        ("one", "{submitted} su {n} sfida consegnata"),
        ("other", "{submitted} su {n} sfide consegnate"),
    ],
    apps_down: &[
        ("one", "{n} app non ha risposto"),
        ("other", "{n} app non hanno risposto"),
    ],
    unreachable: "nessuna risposta",
    freecodecamp: "fallirebbe su freeCodeCamp",
    passed_each: "studenti che hanno superato ogni test",
    graded_at: "valutato il {time}",
    answer: "l'app ha risposto",
    close: "chiudi",
    answered_by: "risposto da {origins}",
    same_app: "risposto dalla stessa app di {learners}",
};

const ARABIC: BookWords = BookWords {
    title: "سجل الدرجات",
    learner: "المتعلّم",
    total: "المجموع",
    learners: &[
        ("zero", "{n} متعلّم"),
        ("one", "متعلّم واحد"),
        ("two", "متعلّمان"),
        ("few", "{n} متعلّمين"),
        ("many", "{n} متعلّمًا"),
        ("other", "{n} متعلّم"),
    ],
    summary: "{learners}، {challenges}: {hints}",
    hints_passed: &[
        ("zero", "نجح {passed} من {n} اختبار"),
        ("one", "نجح {passed} من اختبار واحد"),
        ("two", "نجح {passed} من اختبارين"),
        ("few", "نجح {passed} من {n} اختبارات"),
        ("many", "نجح {passed} من {n} اختبارًا"),
        ("other", "نجح {passed} من {n} اختبار"),
    ],
    not_submitted: "لم يُسلَّم",
    submitted: &[
        ("zero", "سُلِّم {submitted} من {n} تحدٍّ"),
        ("one", "سُلِّم {submitted} من تحدٍّ واحد"),
        ("two", "سُلِّم {submitted} من تحدّيين"),
        ("few", "سُلِّم {submitted} من {n} تحديات"),
        ("many", "سُلِّم {submitted} من {n} تحديًا"),
        ("other", "سُلِّم {submitted} من {n} تحدٍّ"),
    ],
    apps_down: &[
        ("zero", "لم يُجب {n} تطبيق"),
        ("one", "لم يُجب تطبيق واحد"),
        ("two", "لم يُجب تطبيقان"),
        ("few", "لم تُجب {n} تطبيقات"),
        ("many", "لم يُجب {n} تطبيقًا"),
        ("other", "لم يُجب {n} تطبيق"),
    ],
    unreachable: "لم يُجب",
    freecodecamp: "سيفشل على freeCodeCamp",
    passed_each: "المتعلّمون الذين نجحوا في كل اختبار",
    graded_at: "قُيِّم في {time}",
    answer: "أجاب التطبيق",
    close: "إغلاق",
    answered_by: "أجاب عنه {origins}",
    same_app: "أجاب عنه التطبيق نفسه الذي أجاب عن {learners}",
};

const CHINESE: BookWords = BookWords {
    title: "成绩册",
    learner: "学员",
    total: "总计",
    learners: &[("other", "{n} 名学员")],
    summary: "{learners}，{challenges}：{hints}",
    hints_passed: &[("other", "{n} 项测试中通过 {passed} 项")],
    not_submitted: "未提交",
    submitted: &[("other", "{n} 个挑战中提交了 {submitted} 个")],
    apps_down: &[("other", "{n} 个应用没有响应")],
    unreachable: "没有响应",
    freecodecamp: "在 freeCodeCamp 上会失败",
    passed_each: "通过每项测试的学员数",
    graded_at: "评测于 {time}",
    answer: "应用的响应",
    close: "关闭",
    answered_by: "由 {origins} 应答",
    same_app: "与 {learners} 由同一个应用应答",
};

const TRADITIONAL_CHINESE: BookWords = BookWords {
    title: "成績冊",
    learner: "學員",
    total: "總計",
    learners: &[("other", "{n} 名學員")],
    summary: "{learners}，{challenges}：{hints}",
    hints_passed: &[("other", "{n} 項測試中通過 {passed} 項")],
    not_submitted: "未提交",
    submitted: &[("other", "{n} 個挑戰中提交了 {submitted} 個")],
    apps_down: &[("other", "{n} 個應用程式沒有回應")],
    unreachable: "沒有回應",
    freecodecamp: "在 freeCodeCamp 上會失敗",
    passed_each: "通過每項測試的學員數",
    graded_at: "評測於 {time}",
    answer: "應用程式的回應",
    close: "關閉",
    answered_by: "由 {origins} 回應",
    same_app: "與 {learners} 由同一個應用程式回應",
};

const JAPANESE: BookWords = BookWords {
    title: "成績表",
    learner: "受講者",
    total: "合計",
    learners: &[("other", "{n} 人の受講者")],
    summary: "{learners}、{challenges}：{hints}",
    hints_passed: &[("other", "{n} 件中 {passed} 件のテストに合格")],
    not_submitted: "未提出",
    submitted: &[("other", "{n} 件中 {submitted} 件のチャレンジを提出")],
    apps_down: &[("other", "{n} 件のアプリが応答しませんでした")],
    unreachable: "応答なし",
    freecodecamp: "freeCodeCamp では不合格になる",
    passed_each: "各テストに合格した受講者",
    graded_at: "{time} に採点",
    answer: "アプリの応答",
    close: "閉じる",
    answered_by: "{origins} が応答",
    same_app: "{learners} と同じアプリが応答",
};

const KOREAN: BookWords = BookWords {
    title: "성적부",
    learner: "학습자",
    total: "합계",
    learners: &[("other", "학습자 {n}명")],
    summary: "{learners}, {challenges}: {hints}",
    hints_passed: &[("other", "테스트 {n}개 중 {passed}개 통과")],
    not_submitted: "미제출",
    submitted: &[("other", "과제 {n}개 중 {submitted}개 제출")],
    apps_down: &[("other", "앱 {n}개가 응답하지 않음")],
    unreachable: "응답 없음",
    freecodecamp: "freeCodeCamp에서는 실패함",
    passed_each: "각 테스트를 통과한 학습자 수",
    graded_at: "{time}에 채점",
    answer: "앱의 응답",
    close: "닫기",
    answered_by: "{origins}에서 응답함",
    same_app: "{learners}와 같은 앱이 응답함",
};

const UKRAINIAN: BookWords = BookWords {
    title: "Журнал оцінок",
    learner: "учень",
    total: "разом",
    learners: &[
        ("one", "{n} учень"),
        ("few", "{n} учні"),
        ("many", "{n} учнів"),
        ("other", "{n} учня"),
    ],
    summary: "{learners}, {challenges}: {hints}",
    hints_passed: &[
        ("one", "пройдено {passed} з {n} тесту"),
        ("other", "пройдено {passed} з {n} тестів"),
    ],
    not_submitted: "не здано",
    submitted: &[
        ("one", "здано {submitted} з {n} завдання"),
        ("other", "здано {submitted} з {n} завдань"),
    ],
    apps_down: &[
        ("one", "{n} застосунок не відповів"),
        ("few", "{n} застосунки не відповіли"),
        ("many", "{n} застосунків не відповіли"),
        ("other", "{n} застосунку не відповіли"),
    ],
    unreachable: "не відповів",
    freecodecamp: "не пройде на freeCodeCamp",
    passed_each: "учні, що пройшли кожен тест",
    graded_at: "оцінено {time}",
    answer: "застосунок відповів",
    close: "закрити",
    answered_by: "відповідав {origins}",
    same_app: "відповідав той самий застосунок, що й для {learners}",
};

const SWAHILI: BookWords = BookWords {
    title: "Daftari la alama",
    learner: "mwanafunzi",
    total: "jumla",
    learners: &[("one", "mwanafunzi {n}"), ("other", "wanafunzi {n}")],
    summary: "{learners}, {challenges}: {hints}",
    hints_passed: &[("other", "majaribio {passed} kati ya {n} yamefaulu")],
    not_submitted: "haijawasilishwa",
    submitted: &[("other", "changamoto {submitted} kati ya {n} zimewasilishwa")],
    apps_down: &[
        ("one", "programu {n} haikujibu"),
        ("other", "programu {n} hazikujibu"),
    ],
    unreachable: "haikujibu",
    freecodecamp: "ingeshindwa kwenye freeCodeCamp",
    passed_each: "wanafunzi waliofaulu kila jaribio",
    graded_at: "imepimwa {time}",
    answer: "programu ilijibu",
    close: "funga",
    answered_by: "imejibiwa na {origins}",
    same_app: "imejibiwa na programu ileile kama {learners}",
};
