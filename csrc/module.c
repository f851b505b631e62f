/* actcli._fast: apply(name, x, out, *params) runs a compiled kernel over a C-contiguous float32
 * or float64 buffer x into out (the same length and format), with the GIL released. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "fast.h"

static const fast_kernel *const GROUPS[] = {FAST_PIECEWISE, FAST_RECTIFIERS, FAST_ERF, FAST_PERIODIC, FAST_LOGISTIC, FAST_TANH_FORMS};

#define MAX_PARAMS 4

static const fast_kernel *find(const char *name) {
    for (size_t g = 0; g < sizeof GROUPS / sizeof GROUPS[0]; g++)
        for (const fast_kernel *k = GROUPS[g]; k->name != NULL; k++)
            if (strcmp(k->name, name) == 0) return k;
    return NULL;
}

static PyObject *fast_apply(PyObject *self, PyObject *args) {
    (void)self;
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs < 3) {
        PyErr_SetString(PyExc_TypeError, "apply(name, x, out, *params)");
        return NULL;
    }
    Py_ssize_t name_len;
    const char *name = PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(args, 0), &name_len);
    if (name == NULL) return NULL;
    if ((size_t)name_len != strlen(name)) {
        PyErr_SetString(PyExc_KeyError, "no compiled kernel of that name");
        return NULL;
    }
    const fast_kernel *k = find(name);
    if (k == NULL) {
        PyErr_Format(PyExc_KeyError, "no compiled kernel %s", name);
        return NULL;
    }
    if (nargs - 3 != k->nparams) {
        PyErr_Format(PyExc_TypeError, "%s takes %d parameters", name, k->nparams);
        return NULL;
    }
    double p[MAX_PARAMS] = {0};
    for (int i = 0; i < k->nparams && i < MAX_PARAMS; i++) {
        p[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(args, 3 + i));
        if (p[i] == -1.0 && PyErr_Occurred()) return NULL;
    }
    Py_buffer x, y;
    if (PyObject_GetBuffer(PyTuple_GET_ITEM(args, 1), &x, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return NULL;
    if (PyObject_GetBuffer(PyTuple_GET_ITEM(args, 2), &y, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_WRITABLE) < 0) {
        PyBuffer_Release(&x);
        return NULL;
    }
    const char *fx = x.format ? x.format : "B", *fy = y.format ? y.format : "B";
    /* the loops take x and out as restrict pointers: they must not overlap */
    const char *xs = (const char *)x.buf, *ys = (const char *)y.buf;
    int apart = x.len == 0 || xs + x.len <= ys || ys + y.len <= xs;
    int ok = apart && x.len == y.len && strcmp(fx, fy) == 0 && x.itemsize == y.itemsize;
    if (ok && strcmp(fx, "f") == 0 && x.itemsize == 4) {
        Py_BEGIN_ALLOW_THREADS
        k->f32((const float *)x.buf, (float *)y.buf, x.len / 4, p);
        Py_END_ALLOW_THREADS
    } else if (ok && strcmp(fx, "d") == 0 && x.itemsize == 8) {
        Py_BEGIN_ALLOW_THREADS
        k->f64((const double *)x.buf, (double *)y.buf, x.len / 8, p);
        Py_END_ALLOW_THREADS
    } else {
        ok = 0;
    }
    PyBuffer_Release(&x);
    PyBuffer_Release(&y);
    if (!ok) {
        PyErr_SetString(PyExc_TypeError, "x and out must be separate float32 or float64 buffers of one format and length");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *fast_names(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    PyObject *names = PyList_New(0);
    if (names == NULL) return NULL;
    for (size_t g = 0; g < sizeof GROUPS / sizeof GROUPS[0]; g++)
        for (const fast_kernel *k = GROUPS[g]; k->name != NULL; k++) {
            PyObject *s = PyUnicode_FromString(k->name);
            if (s == NULL || PyList_Append(names, s) < 0) {
                Py_XDECREF(s);
                Py_DECREF(names);
                return NULL;
            }
            Py_DECREF(s);
        }
    return names;
}

static PyMethodDef methods[] = {
    {"apply", fast_apply, METH_VARARGS, "apply(name, x, out, *params): run a compiled kernel."},
    {"names", fast_names, METH_NOARGS, "names(): the compiled kernels."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "actcli._fast", NULL, -1, methods};

PyMODINIT_FUNC PyInit__fast(void) { return PyModule_Create(&module); }
