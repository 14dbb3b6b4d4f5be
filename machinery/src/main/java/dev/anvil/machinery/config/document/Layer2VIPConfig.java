package dev.anvil.machinery.config.document;

/** A shared virtual IP (the document's name) announced by ARP/NDP on a link. */
public record Layer2VIPConfig(String name, String link) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
