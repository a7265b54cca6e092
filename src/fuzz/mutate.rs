//! Seeded mutations of program text (placeholder).
pub fn mutate(text: &str, _seed: u64) -> String {
    text.to_string()
}
