/*
 * server.h - `jiugai serve`: a master that owns the FastCGI socket and
 * supervises single-threaded worker processes.
 */
#ifndef JIUGAI_SERVER_H
#define JIUGAI_SERVER_H

/* The serve subcommand; returns the process's exit status. */
int	server_main(int argc, char *argv[]);

#endif
