/* pgmstat.c - what a rendered page looks like, in numbers: reads a binary
 * PGM (pdftoppm -gray) and prints "corner MEAN-GREY DIFFERENT-PERMILLE":
 * the top-left pixel (the background), the mean grey level, and how many
 * pixels per thousand differ from the corner by more than 48 levels (ink:
 * text, lines, fills). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: pgmstat <file.pgm>\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	int w, h, max;
	if (!f || fscanf(f, "P5 %d %d %d", &w, &h, &max) != 3 || max != 255 ||
	    w <= 0 || h <= 0 || fgetc(f) == EOF) {
		fprintf(stderr, "pgmstat: cannot read '%s'\n", argv[1]);
		return 1;
	}
	size_t n = (size_t)w * (size_t)h;
	unsigned char *p = malloc(n);
	if (!p || fread(p, 1, n, f) != n) {
		fprintf(stderr, "pgmstat: '%s' is truncated\n", argv[1]);
		return 1;
	}
	double sum = 0;
	size_t ink = 0;
	for (size_t i = 0; i < n; i++) {
		sum += p[i];
		ink += abs(p[i] - p[0]) > 48;
	}
	printf("%d %.0f %.0f\n", p[0], sum / n, 1000.0 * ink / n);
	free(p);
	fclose(f);
	return 0;
}
