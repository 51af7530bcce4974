// SPDX-License-Identifier: GPL-2.0
/*
 * loom-locktest: fcntl() and flock() locks for the guest scenarios, where
 * busybox's flock has no byte ranges, no F_GETLK and no OFD locks.
 *
 *   loom-locktest FILE STEP...
 *
 * opens FILE read-write (created if needed; a directory read-only) and
 * runs the steps in order in one process, holding the descriptor:
 *
 *   r:START:LEN  w:START:LEN  u:START:LEN   F_SETLK read, write, unlock
 *   R:START:LEN  W:START:LEN                F_SETLKW read, write
 *   or:.. ow:.. ou:.. oR:.. oW:..           the same as OFD locks
 *   t:TYPE:START:LEN                        F_SETLK with a raw l_type
 *   g:r|w:START:LEN                         F_GETLK: prints
 *                                           "getlk TYPE START LEN PID"
 *                                           (TYPE r, w or u)
 *   fsh fex fun fshnb fexnb                 flock(LOCK_SH, ...)
 *   sleep:MS                                sleep
 *   alarm:S                                 SIGALRM in S seconds, which
 *                                           interrupts a waiting step
 *   wait:PATH                               wait (60 s at most) for PATH
 *   touch:PATH                              create PATH
 *
 * A lock step may end in "=ERRNO" (EAGAIN, EDEADLK, EINVAL, EINTR, ...,
 * or 0): the expected outcome; without one, success is expected.  Each
 * step prints a line; the exit status is 0 when every outcome was the
 * expected one, 1 otherwise, and 2 for a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <stdbool.h>

static const struct {
	const char *name;
	int err;
} errs[] = {
	{ "0", 0 }, { "EAGAIN", EAGAIN }, { "EDEADLK", EDEADLK },
	{ "EINVAL", EINVAL }, { "EINTR", EINTR }, { "EOVERFLOW", EOVERFLOW },
	{ "ENOLCK", ENOLCK }, { "ENOSYS", ENOSYS }, { "EBADF", EBADF },
	{ "EWOULDBLOCK", EWOULDBLOCK },
};

static const char *errname(int err)
{
	static char buf[16];
	size_t i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (errs[i].err == err)
			return errs[i].name;
	snprintf(buf, sizeof(buf), "%d", err);
	return buf;
}

static int errnum(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (!strcmp(errs[i].name, s))
			return errs[i].err;
	return atoi(s);
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int do_fcntl(int fd, const char *step, char *args)
{
	char op = step[0];
	struct flock fl = { .l_whence = SEEK_SET };
	int cmd, type;
	bool ofd = false;

	if (op == 'o') {
		ofd = true;
		op = step[1];
	}
	if (op == 't') {
		type = (int)strtol(args, &args, 0);
		if (*args == ':')
			args++;
		cmd = F_SETLK;
	} else {
		switch (op) {
		case 'r': case 'R': type = F_RDLCK; break;
		case 'w': case 'W': type = F_WRLCK; break;
		case 'u': type = F_UNLCK; break;
		default: return -2;
		}
		cmd = (op == 'R' || op == 'W') ? F_SETLKW : F_SETLK;
	}
	if (ofd)
		cmd = cmd == F_SETLKW ? F_OFD_SETLKW : F_OFD_SETLK;
	fl.l_type = (short)type;
	fl.l_start = strtoll(args, &args, 0);
	if (*args == ':')
		args++;
	fl.l_len = strtoll(args, &args, 0);
	return fcntl(fd, cmd, &fl) ? errno : 0;
}

static int do_getlk(int fd, char *args)
{
	struct flock fl = { .l_whence = SEEK_SET };

	fl.l_type = args[0] == 'r' ? F_RDLCK : F_WRLCK;
	args += 2;
	fl.l_start = strtoll(args, &args, 0);
	if (*args == ':')
		args++;
	fl.l_len = strtoll(args, &args, 0);
	if (fcntl(fd, F_GETLK, &fl))
		return errno;
	printf("getlk %c %lld %lld %d\n",
	       fl.l_type == F_RDLCK ? 'r' : fl.l_type == F_WRLCK ? 'w' : 'u',
	       (long long)fl.l_start, (long long)fl.l_len, (int)fl.l_pid);
	return 0;
}

static int do_flock(int fd, const char *step)
{
	int op;

	if (!strncmp(step, "fsh", 3))
		op = LOCK_SH;
	else if (!strncmp(step, "fex", 3))
		op = LOCK_EX;
	else if (!strncmp(step, "fun", 3))
		op = LOCK_UN;
	else
		return -2;
	if (strstr(step, "nb"))
		op |= LOCK_NB;
	return flock(fd, op) ? errno : 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int fd, i, bad = 0;
	struct stat st;

	if (argc < 3) {
		fprintf(stderr, "usage: loom-locktest FILE STEP...\n");
		return 2;
	}
	sigaction(SIGALRM, &sa, NULL);	/* interrupts, no SA_RESTART */
	if (!stat(argv[1], &st) && S_ISDIR(st.st_mode))
		fd = open(argv[1], O_RDONLY | O_DIRECTORY);
	else
		fd = open(argv[1], O_RDWR | O_CREAT, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 2; i < argc; i++) {
		char *step = strdup(argv[i]), *eq, *args;
		int want = 0, got;

		eq = strchr(step, '=');
		if (eq) {
			*eq = 0;
			want = errnum(eq + 1);
		}
		args = strchr(step, ':');
		args = args ? args + 1 : step + strlen(step);
		if (!strncmp(step, "sleep:", 6)) {
			msleep(atol(args));
			free(step);
			continue;
		} else if (!strncmp(step, "wait:", 5)) {
			int n;

			for (n = 0; n < 1200 && access(args, F_OK); n++)
				msleep(50);
			got = access(args, F_OK) ? ETIMEDOUT : 0;
		} else if (!strncmp(step, "touch:", 6)) {
			int t = open(args, O_WRONLY | O_CREAT, 0644);

			got = t < 0 ? errno : 0;
			if (t >= 0)
				close(t);
		} else if (!strncmp(step, "alarm:", 6)) {
			alarm((unsigned int)atoi(args));
			free(step);
			continue;
		} else if (step[0] == 'g') {
			got = do_getlk(fd, args);
		} else if (step[0] == 'f') {
			got = do_flock(fd, step);
		} else {
			got = do_fcntl(fd, step, args);
		}
		if (got == -2) {
			fprintf(stderr, "bad step '%s'\n", argv[i]);
			return 2;
		}
		printf("%s -> %s%s\n", argv[i], errname(got),
		       got == want ? "" : " (unexpected)");
		if (got != want)
			bad = 1;
		free(step);
	}
	return bad;
}
