package dev.parley.media;

/** A codec or device could not do what was asked; the message says what and why, in words. */
public class MediaException extends Exception {

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
