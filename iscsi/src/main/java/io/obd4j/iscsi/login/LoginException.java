package io.obd4j.iscsi.login;

/** Ends a login with a non-success status; the message is logged, never sent (it may name the initiator). */
final class LoginException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient LoginStatus status;

    LoginException(LoginStatus status, String message) {
        super(message);
        this.status = status;
    }

    LoginStatus status() {
        return status;
    }
}
