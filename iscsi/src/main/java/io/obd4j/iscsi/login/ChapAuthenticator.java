package io.obd4j.iscsi.login;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The target side of one CHAP exchange during the security stage: picks MD5, sends identifier and challenge,
 * checks the initiator's name and response, and answers a mutual challenge. Secrets never reach a log line.
 */
final class ChapAuthenticator {
    /** Outcome of one step. */
    enum Step { CONTINUE, SUCCESS, FAILURE }

    private static final int CHALLENGE_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { WAIT_ALGORITHM, WAIT_RESPONSE, DONE }

    private final ChapConfig config;
    private State state = State.WAIT_ALGORITHM;
    private int identifier;
    private byte[] challenge;
    private String failure = "";

    ChapAuthenticator(ChapConfig config) {
        this.config = config;
    }

    /** Why the last step failed (no secrets, no responses). */
    String failure() {
        return failure;
    }

    boolean done() {
        return state == State.DONE;
    }

    Step process(TextParameters request, TextParameters response) {
        switch (state) {
            case WAIT_ALGORITHM:
                return chooseAlgorithm(request, response);
            case WAIT_RESPONSE:
                return verify(request, response);
            default:
                return fail("CHAP already completed");
        }
    }

    private Step chooseAlgorithm(TextParameters request, TextParameters response) {
        String offered = request.get("CHAP_A");
        if (offered == null) {
            return Step.CONTINUE;
        }
        for (String a : offered.split(",")) {
            if (a.trim().equals(Integer.toString(Chap.ALGORITHM_MD5))) {
                identifier = RANDOM.nextInt(256);
                challenge = new byte[CHALLENGE_LENGTH];
                RANDOM.nextBytes(challenge);
                response.put("CHAP_A", Integer.toString(Chap.ALGORITHM_MD5));
                response.put("CHAP_I", Integer.toString(identifier));
                response.put("CHAP_C", Chap.encodeHex(challenge));
                state = State.WAIT_RESPONSE;
                return Step.CONTINUE;
            }
        }
        response.put("CHAP_A", "Reject");
        return fail("no supported CHAP_A in " + offered);
    }

    private Step verify(TextParameters request, TextParameters response) {
        String name = request.get("CHAP_N");
        byte[] answer = Chap.decodeBinary(request.get("CHAP_R"));
        if (name == null || answer == null) {
            return fail("CHAP_N and a binary CHAP_R are required");
        }
        byte[] expected = Chap.response(identifier, config.secret(), challenge);
        boolean nameOk = MessageDigest.isEqual(name.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            config.user().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(expected, answer) || !nameOk) {
            return fail("CHAP response for name '" + name + "' does not match");
        }
        String mutualId = request.get("CHAP_I");
        String mutualChallenge = request.get("CHAP_C");
        if (mutualId == null && mutualChallenge == null) {
            state = State.DONE;
            return Step.SUCCESS;
        }
        return answerMutual(mutualId, mutualChallenge, response);
    }

    private Step answerMutual(String id, String challengeText, TextParameters response) {
        if (!config.hasMutual()) {
            return fail("initiator asked for mutual CHAP but the target has no mutual credentials");
        }
        byte[] theirs = Chap.decodeBinary(challengeText);
        int theirId;
        try {
            theirId = Integer.parseInt(id);
        } catch (NumberFormatException | NullPointerException e) {
            return fail("mutual CHAP_I is not a number");
        }
        if (theirs == null || theirs.length == 0 || theirId < 0 || theirId > 255) {
            return fail("mutual CHAP_I/CHAP_C malformed");
        }
        if (Arrays.equals(theirs, challenge)) {
            return fail("mutual challenge repeats the target's challenge (reflection)");
        }
        response.put("CHAP_N", config.mutualUser());
        response.put("CHAP_R", Chap.encodeHex(Chap.response(theirId, config.mutualSecret(), theirs)));
        state = State.DONE;
        return Step.SUCCESS;
    }

    private Step fail(String why) {
        failure = why;
        state = State.DONE;
        return Step.FAILURE;
    }
}
