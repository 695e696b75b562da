/* Dense linear algebra on small float/double matrices: multiply, transpose, Gaussian elimination. */
#include <stdio.h>

#define N 6

typedef struct {
    double m[N][N];
} mat_d;

typedef struct {
    float m[N][N];
} mat_f;

static void mat_init(mat_d *a, int seed)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            a->m[i][j] = (double)((i * 7 + j * 3 + seed) % 11) - 5.0 + (i == j ? 10.0 : 0.0);
}

static void mat_mul(const mat_d *a, const mat_d *b, mat_d *out)
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            double acc = 0.0;
            for (int k = 0; k < N; k++) {
                double p = a->m[i][k] * b->m[k][j];
                acc += p;
            }
            out->m[i][j] = acc;
        }
    }
}

static void mat_mul_f(const mat_f *a, const mat_f *b, mat_f *out)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            float acc = 0.0f;
            for (int k = 0; k < N; k++) {
                float p = a->m[i][k] * b->m[k][j];
                acc += p;
            }
            out->m[i][j] = acc;
        }
}

static void mat_transpose(mat_d *a)
{
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < N; j++) {
            double t = a->m[i][j];
            a->m[i][j] = a->m[j][i];
            a->m[j][i] = t;
        }
}

/* Determinant via Gaussian elimination with partial pivoting (destroys input). */
static double mat_det(mat_d *a)
{
    double det = 1.0;
    for (int c = 0; c < N; c++) {
        int piv = c;
        for (int r = c + 1; r < N; r++) {
            double x = a->m[r][c] < 0 ? -a->m[r][c] : a->m[r][c];
            double y = a->m[piv][c] < 0 ? -a->m[piv][c] : a->m[piv][c];
            if (x > y)
                piv = r;
        }
        if (a->m[piv][c] == 0.0)
            return 0.0;
        if (piv != c) {
            for (int k = 0; k < N; k++) {
                double t = a->m[c][k];
                a->m[c][k] = a->m[piv][k];
                a->m[piv][k] = t;
            }
            det = -det;
        }
        det *= a->m[c][c];
        for (int r = c + 1; r < N; r++) {
            double f = a->m[r][c] / a->m[c][c];
            for (int k = c; k < N; k++) {
                double p = f * a->m[c][k];
                a->m[r][k] -= p;
            }
        }
    }
    return det;
}

static double trace(const mat_d *a)
{
    double t = 0.0;
    for (int i = 0; i < N; i++)
        t += a->m[i][i];
    return t;
}

static double frobenius_sq(const mat_d *a)
{
    double s = 0.0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double p = a->m[i][j] * a->m[i][j];
            s += p;
        }
    return s;
}

int main(void)
{
    mat_d a, b, c, tmp;
    mat_f fa, fb, fc;

    mat_init(&a, 1);
    mat_init(&b, 4);
    mat_mul(&a, &b, &c);
    printf("trace(A*B) = %.3f\n", trace(&c));
    printf("|A*B|^2   = %.3f\n", frobenius_sq(&c));

    tmp = a;
    printf("det(A)    = %.4f\n", mat_det(&tmp));
    tmp = a;
    mat_transpose(&tmp);
    printf("det(A^T)  = %.4f\n", mat_det(&tmp));
    tmp = c;
    printf("det(A*B)  = %.4e\n", mat_det(&tmp));

    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            fa.m[i][j] = (float)a.m[i][j] * 0.5f;
            fb.m[i][j] = (float)b.m[i][j] * 0.25f;
        }
    mat_mul_f(&fa, &fb, &fc);
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++)
            printf("%9.4f", (double)fc.m[i][j]);
        printf("\n");
    }
    return 0;
}
