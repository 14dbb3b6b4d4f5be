package dev.anvil.machined.membership;

import dev.anvil.machined.storage.AtomicFile;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The node's ID, as Talos makes it: 32 random bytes in base 62, made once and kept in the state directory
 * ({@code node-identity.yaml}, as Talos keeps it on STATE), so it survives reboots and goes with a wipe.
 */
public final class NodeIdentity {
    static final String FILE = "node-identity.yaml";
    private static final String KEY = "nodeId: ";
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private NodeIdentity() {
    }

    /** The ID kept in {@code stateDir}, made and written there first if there is none (or it does not read). */
    public static String loadOrCreate(Path stateDir, SecureRandom random) throws IOException {
        Path file = stateDir.resolve(FILE);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(KEY) && isId(line.substring(KEY.length()).strip())) {
                    return line.substring(KEY.length()).strip();
                }
            }
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = base62(bytes);
        AtomicFile.write(file, (KEY + id + "\n").getBytes(StandardCharsets.UTF_8));
        return id;
    }

    static String base62(byte[] bytes) {
        BigInteger value = new BigInteger(1, bytes);
        BigInteger base = BigInteger.valueOf(62);
        StringBuilder digits = new StringBuilder();
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(base);
            digits.append(DIGITS.charAt(qr[1].intValue()));
            value = qr[0];
        }
        return digits.isEmpty() ? "0" : digits.reverse().toString();
    }

    private static boolean isId(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> DIGITS.indexOf(c) >= 0);
    }
}
