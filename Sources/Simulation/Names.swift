/// Names for synthetic claimants, with the accents, apostrophes and hyphens real account names
/// carry, so that the text folding of DOMAIN.md 1 is exercised by every demo and benchmark.
enum Names {
    static let given = [
        "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Mia", "Noah", "Ivy",
        "Margaret", "David", "Susan", "John", "Patricia", "Mohammed", "Fatima", "Priya", "Wei",
        "Zoë", "Siân", "Séamus", "Renée", "Chloë", "José", "Björn", "Łukasz", "Aoife", "Dafydd",
        "Ngozi", "Kwame", "Agnieszka", "Eilidh", "Rhiannon", "Thomas", "Elizabeth", "Arthur",
    ]

    static let family = [
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
        "Roberts", "Khan", "Patel", "Singh", "O'Brien", "McDonald", "Smith-Jones", "Brontë",
        "Müller", "Nowak", "Ng", "Okafor", "Ó Súilleabháin", "Fitzgerald-Montgomery", "Lê",
        "Hughes", "Edwards", "Green", "Hall", "Wood", "Ahmed", "Begum", "D'Souza", "Ellis",
    ]
}
