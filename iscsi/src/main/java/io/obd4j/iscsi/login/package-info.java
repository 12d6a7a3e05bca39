/**
 * Login phase (RFC 7143 sections 6 and 13): text key=value parsing, security negotiation (None, CHAP with MD5,
 * one-way and mutual), operational parameter negotiation, and discovery (SendTargets). Knows PDUs and target
 * definitions; knows nothing about SCSI command execution.
 */
package io.obd4j.iscsi.login;
