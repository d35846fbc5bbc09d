/// Domain types, estate events, the payment calendar and the payment rules (DOMAIN.md).
public enum EntitlementsModule {}
