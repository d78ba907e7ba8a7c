/** Capture, codecs and the media streams of a call (issue 6). No JavaFX in this module. */
package dev.parley.media;
