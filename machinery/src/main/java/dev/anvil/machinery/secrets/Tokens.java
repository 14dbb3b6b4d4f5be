package dev.anvil.machinery.secrets;

import java.security.SecureRandom;

/** Kubernetes-style tokens, {@code [0-9a-z]{6}.[0-9a-z]{16}}, used as bootstrap and machine tokens. */
final class Tokens {

    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    /** 252 is the largest multiple of 36 below 256: bytes from it up would favour the first letters. */
    private static final int LIMIT = 252;

    private Tokens() {
    }

    static String generate(SecureRandom random) {
        return part(6, random) + "." + part(16, random);
    }

    private static String part(int length, SecureRandom random) {
        var out = new StringBuilder(length);
        byte[] one = new byte[1];
        while (out.length() < length) {
            random.nextBytes(one);
            int value = one[0] & 0xff;
            if (value < LIMIT) {
                out.append(ALPHABET.charAt(value % ALPHABET.length()));
            }
        }
        return out.toString();
    }
}
