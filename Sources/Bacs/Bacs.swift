/// Bacs Standard 18 files (DOMAIN.md section 5): writer, reader, verifier, manifest and report.
public enum BacsModule {}
