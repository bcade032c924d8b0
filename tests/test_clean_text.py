"""Correct copy gets no finding: the constructions that must never be flagged, each in a real sentence, and a
few paragraphs of well-edited Arabic. Every default rule runs; a finding here is a false alarm."""

from __future__ import annotations

import pytest
from support import check_text

CORRECT_SENTENCES = {
    "1,250,000": "بلغ عدد سكان المدينة 1,250,000 نسمة، وفق آخر إحصاء رسمي.",
    "3.5": "سجل الاقتصاد نموا بنسبة 3.5 في المئة خلال العام الماضي.",
    '"Apple, Inc."': 'أعلنت شركة "Apple, Inc." أمس عن هاتف جديد.',
    "url": "نشرت المنظمة تقريرها كاملا على https://example.org/report?id=12 صباح اليوم.",
    "url-end": "التقرير متاح على الرابط https://example.org/report?id=12.",
    "email": "يمكن مراسلة التحرير عبر newsroom@example.com في أي وقت.",
    "hashtag": "تصدر وسم #كأس_العالم قائمة الأكثر تداولا في المغرب.",
    "bi-tatweel-digit": "فاز المنتخب بـ3 أهداف مقابل هدف واحد.",
    "hijri-year": "ولد الشاعر سنة 1443 هـ في مدينة فاس.",
    "gregorian-year": "انتهت الحرب سنة 1945 مـ بعد سنوات من الدمار.",
    "time": "يبدأ الاجتماع في الساعة 10:30 صباحا بتوقيت الرباط.",
    "ellipsis": "قال الوزير إن ... الأمر لم يحسم بعد.",
    "ellipsis-end": "وانتظر الجميع قرار اللجنة...",
    "question-exclamation": "هل يعقل أن يتأخر القطار ثلاث ساعات؟!",
    "quote": "قال المتحدث باسم الوزارة: «نحن ملتزمون» بتنفيذ الاتفاق.",
    "abbreviation": "أصدرت منظمة الصحة العالمية (WHO) تقريرا جديدا.",
    "repeated-word": "تقدم المشروع خطوة خطوة حتى اكتمل.",
    "arabic-decimal": "بلغت نسبة التضخم ٣٫٥ في المئة، أي ما يعادل ٢،٥ مليار درهم.",
    "initials": "حاضر أ.د محمد العلوي، ثم تحدث د. أحمد عن المشروع.",
    "latin-question": "وكان عنوان المقال بالإنجليزية: Is this the end? No.",
    "mention": "ونشر الحساب @newsroom_ma صورا من الاجتماع.",
}


@pytest.mark.parametrize("text", CORRECT_SENTENCES.values(), ids=CORRECT_SENTENCES.keys())
def test_correct_construction_is_not_flagged(text):
    assert [(f.rule, text[f.start:f.end]) for f in check_text(text)] == []


WELL_EDITED = [
    # News: attribution, numbers, a quotation, parentheses.
    "اختتمت في مراكش، يوم الأربعاء، أعمال الاجتماع الوزاري للتحالف الدولي، بمشاركة ممثلين عن "
    "79 دولة ومنظمة دولية. وقال وزير الخارجية في كلمته الافتتاحية: «إن التنسيق الوثيق بين الشركاء "
    "هو السبيل الوحيد لمواجهة التهديدات المشتركة». وأوضح أن بلاده خصصت 1,250,000 دولار لبرامج "
    "التدريب (في المرحلة الأولى) على أن تُستكمل البرامج الأخرى العام المقبل.",
    # Economy: decimals, percentages, a time, a semicolon.
    "ارتفع مؤشر البورصة بنسبة 3.5 في المئة عند الإغلاق، في حين تراجعت أسعار النفط؛ إذ هبط سعر "
    "البرميل إلى 82 دولارا. وقال محلل اقتصادي إن السوق ستبقى مستقرة حتى الساعة 10:30 من صباح "
    "الغد، موعد صدور بيانات التضخم الجديدة.",
    # Culture: a question, an exclamation, an ellipsis, a hashtag and a link.
    "هل تعود الحياة إلى المسارح بعد سنوات من الإغلاق؟ يرى النقاد أن الجواب نعم! فقد امتلأت "
    "القاعات في الأسابيع الماضية... وتصدر وسم #مسرح_الرباط مواقع التواصل، فيما نشرت الفرقة "
    "برنامجها كاملا على https://example.org/program. ويمكن الحجز عبر tickets@example.org.",
    # Multi-line copy with CRLF line endings and a heading without a full stop.
    "الحكومة تقر ميزانية العام المقبل\r\n\r\nصادق مجلس الحكومة، مساء الخميس، على مشروع قانون "
    "المالية.\r\nوأكد الناطق الرسمي أن الميزانية تضع الصحة والتعليم في صدارة الأولويات.\r\n",
]


@pytest.mark.parametrize("text", WELL_EDITED, ids=["news", "economy", "culture", "crlf-lines"])
def test_well_edited_paragraphs_are_clean(text):
    assert [(f.rule, text[f.start:f.end]) for f in check_text(text)] == []
