"""Realistic, varied people for the demo: the applicant pool of a French engineering school.

Deterministic (seeded) so every `make demo` shows the same people.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

# (nationality, residence, native language, first names, last names)
POOLS: list[tuple[str, str, str, list[str], list[str]]] = [
    (
        "FR",
        "FR",
        "fr",
        [
            "Camille",
            "Louis",
            "Inès",
            "Hugo",
            "Léa",
            "Thomas",
            "Manon",
            "Julien",
            "Chloé",
            "Mathieu",
        ],
        [
            "Martin",
            "Bernard",
            "Dubois",
            "Lefèvre",
            "Moreau",
            "Laurent",
            "Garnier",
            "Rousseau",
            "Fontaine",
            "Chevalier",
        ],
    ),
    (
        "MA",
        "MA",
        "ar",
        ["Youssef", "Salma", "Mehdi", "Imane", "Omar", "Kenza", "Hamza", "Zineb"],
        ["El Amrani", "Benjelloun", "Alaoui", "Tazi", "Bennani", "Chraibi", "Idrissi", "Fassi"],
    ),
    (
        "TN",
        "TN",
        "ar",
        ["Amine", "Yasmine", "Skander", "Rania", "Aziz", "Nour"],
        ["Ben Salah", "Trabelsi", "Jaziri", "Gharbi", "Mansouri", "Haddad"],
    ),
    (
        "IN",
        "IN",
        "hi",
        ["Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya"],
        ["Sharma", "Iyer", "Patel", "Reddy", "Nair", "Gupta", "Kulkarni", "Menon"],
    ),
    (
        "CN",
        "CN",
        "zh",
        ["Wei", "Xinyi", "Hao", "Yuting", "Jun", "Mei"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Zhao"],
    ),
    (
        "BR",
        "BR",
        "pt",
        ["Lucas", "Beatriz", "Gabriel", "Mariana", "Rafael", "Larissa"],
        ["Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira"],
    ),
    (
        "LB",
        "LB",
        "ar",
        ["Karim", "Maya", "Elie", "Nadine", "Georges", "Rita"],
        ["Khoury", "Haddad", "Nassar", "Saad", "Aoun", "Frem"],
    ),
    (
        "VN",
        "VN",
        "vi",
        ["Minh", "Linh", "Quang", "Thao", "Duc", "Huong"],
        ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"],
    ),
    (
        "CO",
        "CO",
        "es",
        ["Santiago", "Valentina", "Andrés", "Camila", "Felipe", "Daniela"],
        ["García", "Rodríguez", "Martínez", "López", "Gómez", "Ramírez"],
    ),
    (
        "DE",
        "DE",
        "de",
        ["Jonas", "Lena", "Felix", "Hannah", "Lukas", "Marie"],
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner"],
    ),
    (
        "US",
        "US",
        "en",
        ["Emily", "Michael", "Olivia", "Daniel", "Grace", "Ethan"],
        ["Johnson", "Miller", "Davis", "Wilson", "Anderson", "Taylor"],
    ),
    (
        "SN",
        "SN",
        "fr",
        ["Moussa", "Aïssatou", "Ibrahima", "Fatou", "Cheikh", "Awa"],
        ["Diop", "Ndiaye", "Fall", "Sow", "Ba", "Sarr"],
    ),
    (
        "CM",
        "CM",
        "fr",
        ["Jean-Paul", "Mireille", "Serge", "Clarisse"],
        ["Mbarga", "Nkomo", "Tchoua", "Fotso"],
    ),
    (
        "IT",
        "FR",
        "it",
        ["Giulia", "Marco", "Chiara", "Luca"],
        ["Rossi", "Bianchi", "Romano", "Ricci"],
    ),
]


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    email: str
    nationality: str
    residence: str
    native_language: str
    preferred_language: str


def _ascii(text: str) -> str:
    return (
        unicodedata.normalize("NFKD", text)
        .encode("ascii", "ignore")
        .decode()
        .lower()
        .replace(" ", "")
    )


def applicant_pool(count: int, *, seed: int = 2026) -> list[DemoPerson]:
    rng = random.Random(seed)  # noqa: S311  # nosec B311  # demo data, not security
    people: list[DemoPerson] = []
    seen: set[str] = set()
    # Weighted towards French applicants, as in a French school's real pool.
    weights = [6 if pool[0] == "FR" else 2 for pool in POOLS]
    while len(people) < count:
        nationality, residence, native, firsts, lasts = rng.choices(POOLS, weights=weights)[0]
        first, last = rng.choice(firsts), rng.choice(lasts)
        base = f"{_ascii(first)}.{_ascii(last)}"
        email = f"{base}@example.org"
        n = 2
        while email in seen:
            email = f"{base}{n}@example.org"
            n += 1
        seen.add(email)
        preferred = "fr" if native == "fr" or rng.random() < 0.15 else "en"
        people.append(DemoPerson(first, last, email, nationality, residence, native, preferred))
    return people
