package dev.parley.app.router;

/** What a lane is for. SENDER lanes exist once per peer; the others once per client. */
public enum Role {
    LOCATOR, LISTENER, SENDER, UI, MEDIA, STORE, TRANSFERS
}
