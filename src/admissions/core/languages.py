"""The languages people speak and study in: ISO 639-1 codes with their English and French names.

No installed library carries the standard's names in both of our languages (Django's
``LANG_INFO`` knows about half of them, and names a few oddly: "Norwegian Bokmal"), and the
list changes once a decade, so the table is ours: the standard's English name, and the French
name the Office québécois de la langue française and the BnF use, capitalised as in a list.

``language_name(code)`` prints a code in the language of the page ("Arabic", "Arabe");
``language_choices()`` is the chooser's list, sorted by name in that language.
"""

from __future__ import annotations

import functools
import unicodedata

from django.utils.translation import get_language

# code: (English, French)
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "aa": ("Afar", "Afar"),
    "ab": ("Abkhazian", "Abkhaze"),
    "ae": ("Avestan", "Avestique"),
    "af": ("Afrikaans", "Afrikaans"),
    "ak": ("Akan", "Akan"),
    "am": ("Amharic", "Amharique"),
    "an": ("Aragonese", "Aragonais"),
    "ar": ("Arabic", "Arabe"),
    "as": ("Assamese", "Assamais"),
    "av": ("Avaric", "Avar"),
    "ay": ("Aymara", "Aymara"),
    "az": ("Azerbaijani", "Azéri"),
    "ba": ("Bashkir", "Bachkir"),
    "be": ("Belarusian", "Biélorusse"),
    "bg": ("Bulgarian", "Bulgare"),
    "bi": ("Bislama", "Bichelamar"),
    "bm": ("Bambara", "Bambara"),
    "bn": ("Bengali", "Bengali"),
    "bo": ("Tibetan", "Tibétain"),
    "br": ("Breton", "Breton"),
    "bs": ("Bosnian", "Bosnien"),
    "ca": ("Catalan", "Catalan"),
    "ce": ("Chechen", "Tchétchène"),
    "ch": ("Chamorro", "Chamorro"),
    "co": ("Corsican", "Corse"),
    "cr": ("Cree", "Cri"),
    "cs": ("Czech", "Tchèque"),
    "cu": ("Church Slavonic", "Slavon d'église"),
    "cv": ("Chuvash", "Tchouvache"),
    "cy": ("Welsh", "Gallois"),
    "da": ("Danish", "Danois"),
    "de": ("German", "Allemand"),
    "dv": ("Divehi", "Maldivien"),
    "dz": ("Dzongkha", "Dzongkha"),
    "ee": ("Ewe", "Éwé"),
    "el": ("Greek", "Grec"),
    "en": ("English", "Anglais"),
    "eo": ("Esperanto", "Espéranto"),
    "es": ("Spanish", "Espagnol"),
    "et": ("Estonian", "Estonien"),
    "eu": ("Basque", "Basque"),
    "fa": ("Persian", "Persan"),
    "ff": ("Fula", "Peul"),
    "fi": ("Finnish", "Finnois"),
    "fj": ("Fijian", "Fidjien"),
    "fo": ("Faroese", "Féroïen"),
    "fr": ("French", "Français"),
    "fy": ("Western Frisian", "Frison occidental"),
    "ga": ("Irish", "Irlandais"),
    "gd": ("Scottish Gaelic", "Gaélique écossais"),
    "gl": ("Galician", "Galicien"),
    "gn": ("Guarani", "Guarani"),
    "gu": ("Gujarati", "Goudjarati"),
    "gv": ("Manx", "Mannois"),
    "ha": ("Hausa", "Haoussa"),
    "he": ("Hebrew", "Hébreu"),
    "hi": ("Hindi", "Hindi"),
    "ho": ("Hiri Motu", "Hiri motu"),
    "hr": ("Croatian", "Croate"),
    "ht": ("Haitian Creole", "Créole haïtien"),
    "hu": ("Hungarian", "Hongrois"),
    "hy": ("Armenian", "Arménien"),
    "hz": ("Herero", "Héréro"),
    "ia": ("Interlingua", "Interlingua"),
    "id": ("Indonesian", "Indonésien"),
    "ie": ("Interlingue", "Interlingue"),
    "ig": ("Igbo", "Igbo"),
    "ii": ("Sichuan Yi", "Yi du Sichuan"),
    "ik": ("Inupiaq", "Inupiak"),
    "io": ("Ido", "Ido"),
    "is": ("Icelandic", "Islandais"),
    "it": ("Italian", "Italien"),
    "iu": ("Inuktitut", "Inuktitut"),
    "ja": ("Japanese", "Japonais"),
    "jv": ("Javanese", "Javanais"),
    "ka": ("Georgian", "Géorgien"),
    "kg": ("Kongo", "Kikongo"),
    "ki": ("Kikuyu", "Kikuyu"),
    "kj": ("Kwanyama", "Kuanyama"),
    "kk": ("Kazakh", "Kazakh"),
    "kl": ("Greenlandic", "Groenlandais"),
    "km": ("Khmer", "Khmer"),
    "kn": ("Kannada", "Kannada"),
    "ko": ("Korean", "Coréen"),
    "kr": ("Kanuri", "Kanouri"),
    "ks": ("Kashmiri", "Cachemiri"),
    "ku": ("Kurdish", "Kurde"),
    "kv": ("Komi", "Komi"),
    "kw": ("Cornish", "Cornique"),
    "ky": ("Kyrgyz", "Kirghize"),
    "la": ("Latin", "Latin"),
    "lb": ("Luxembourgish", "Luxembourgeois"),
    "lg": ("Ganda", "Ganda"),
    "li": ("Limburgish", "Limbourgeois"),
    "ln": ("Lingala", "Lingala"),
    "lo": ("Lao", "Lao"),
    "lt": ("Lithuanian", "Lituanien"),
    "lu": ("Luba-Katanga", "Luba-katanga"),
    "lv": ("Latvian", "Letton"),
    "mg": ("Malagasy", "Malgache"),
    "mh": ("Marshallese", "Marshallais"),
    "mi": ("Maori", "Maori"),
    "mk": ("Macedonian", "Macédonien"),
    "ml": ("Malayalam", "Malayalam"),
    "mn": ("Mongolian", "Mongol"),
    "mr": ("Marathi", "Marathi"),
    "ms": ("Malay", "Malais"),
    "mt": ("Maltese", "Maltais"),
    "my": ("Burmese", "Birman"),
    "na": ("Nauruan", "Nauruan"),
    "nb": ("Norwegian Bokmål", "Norvégien bokmål"),
    "nd": ("North Ndebele", "Ndébélé du Nord"),
    "ne": ("Nepali", "Népalais"),
    "ng": ("Ndonga", "Ndonga"),
    "nl": ("Dutch", "Néerlandais"),
    "nn": ("Norwegian Nynorsk", "Norvégien nynorsk"),
    "no": ("Norwegian", "Norvégien"),
    "nr": ("South Ndebele", "Ndébélé du Sud"),
    "nv": ("Navajo", "Navajo"),
    "ny": ("Chichewa", "Chichewa"),
    "oc": ("Occitan", "Occitan"),
    "oj": ("Ojibwe", "Ojibwé"),
    "om": ("Oromo", "Oromo"),
    "or": ("Odia", "Oriya"),
    "os": ("Ossetian", "Ossète"),
    "pa": ("Punjabi", "Pendjabi"),
    "pi": ("Pali", "Pali"),
    "pl": ("Polish", "Polonais"),
    "ps": ("Pashto", "Pachto"),
    "pt": ("Portuguese", "Portugais"),
    "qu": ("Quechua", "Quechua"),
    "rm": ("Romansh", "Romanche"),
    "rn": ("Kirundi", "Kirundi"),
    "ro": ("Romanian", "Roumain"),
    "ru": ("Russian", "Russe"),
    "rw": ("Kinyarwanda", "Kinyarwanda"),
    "sa": ("Sanskrit", "Sanskrit"),
    "sc": ("Sardinian", "Sarde"),
    "sd": ("Sindhi", "Sindhi"),
    "se": ("Northern Sami", "Same du Nord"),
    "sg": ("Sango", "Sango"),
    "si": ("Sinhala", "Cingalais"),
    "sk": ("Slovak", "Slovaque"),
    "sl": ("Slovenian", "Slovène"),
    "sm": ("Samoan", "Samoan"),
    "sn": ("Shona", "Shona"),
    "so": ("Somali", "Somali"),
    "sq": ("Albanian", "Albanais"),
    "sr": ("Serbian", "Serbe"),
    "ss": ("Swati", "Swati"),
    "st": ("Southern Sotho", "Sotho du Sud"),
    "su": ("Sundanese", "Soundanais"),
    "sv": ("Swedish", "Suédois"),
    "sw": ("Swahili", "Swahili"),
    "ta": ("Tamil", "Tamoul"),
    "te": ("Telugu", "Télougou"),
    "tg": ("Tajik", "Tadjik"),
    "th": ("Thai", "Thaï"),
    "ti": ("Tigrinya", "Tigrigna"),
    "tk": ("Turkmen", "Turkmène"),
    "tl": ("Tagalog", "Tagalog"),
    "tn": ("Tswana", "Tswana"),
    "to": ("Tongan", "Tongien"),
    "tr": ("Turkish", "Turc"),
    "ts": ("Tsonga", "Tsonga"),
    "tt": ("Tatar", "Tatar"),
    "tw": ("Twi", "Twi"),
    "ty": ("Tahitian", "Tahitien"),
    "ug": ("Uyghur", "Ouïghour"),
    "uk": ("Ukrainian", "Ukrainien"),
    "ur": ("Urdu", "Ourdou"),
    "uz": ("Uzbek", "Ouzbek"),
    "ve": ("Venda", "Venda"),
    "vi": ("Vietnamese", "Vietnamien"),
    "vo": ("Volapük", "Volapük"),
    "wa": ("Walloon", "Wallon"),
    "wo": ("Wolof", "Wolof"),
    "xh": ("Xhosa", "Xhosa"),
    "yi": ("Yiddish", "Yiddish"),
    "yo": ("Yoruba", "Yoruba"),
    "za": ("Zhuang", "Zhuang"),
    "zh": ("Chinese", "Chinois"),
    "zu": ("Zulu", "Zoulou"),
}

ISO_639_1: frozenset[str] = frozenset(LANGUAGE_NAMES)


def _page_language(language: str | None) -> str:
    return (language or get_language() or "en")[:2]


def is_language_code(code: object) -> bool:
    return isinstance(code, str) and code in ISO_639_1


def language_name(code: str, language: str | None = None) -> str:
    """The name of ``code`` in ``language`` (the page's language by default): "Arabic" in
    English, "Arabe" in French; an unknown code is shown as it is."""
    names = LANGUAGE_NAMES.get(code)
    if names is None:
        return code
    return names[1] if _page_language(language) == "fr" else names[0]


def _sort_key(name: str) -> str:
    # "Éwé" sorts with the E's, as a French reader looks for it.
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@functools.cache
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    pairs = ((code, language_name(code, language)) for code in LANGUAGE_NAMES)
    return tuple(sorted(pairs, key=lambda pair: _sort_key(pair[1])))


def language_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) for every language, sorted by name in ``language`` (the page's)."""
    return list(_choices(_page_language(language)))
