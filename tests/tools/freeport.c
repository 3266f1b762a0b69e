/*
 * freeport.c - print a TCP port on 127.0.0.1 that is free right now.
 *
 * tests/run.sh asks the kernel for an ephemeral port by binding port 0, prints it and
 * closes the socket; nginx then listens on it. The socket was never connected, so the
 * port is not left in TIME_WAIT. Another process could take it in between: unlikely on
 * a test machine, and nginx would then fail to start with a clear "address in use".
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(void)
{
	struct sockaddr_in	 sin = { .sin_family = AF_INET, .sin_port = 0 };
	socklen_t		 len = sizeof(sin);
	int			 fd;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
		perror("freeport: socket");
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1) {
		perror("freeport: bind 127.0.0.1:0");
		close(fd);
		return 1;
	}
	close(fd);
	if (printf("%u\n", (unsigned)ntohs(sin.sin_port)) < 0 || fflush(stdout) == EOF) {
		perror("freeport: stdout");
		return 1;
	}
	return 0;
}
