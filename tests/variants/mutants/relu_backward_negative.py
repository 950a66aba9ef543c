"""relu_backward that lets the gradient through where x < 0 instead of where x > 0 (the comparison is reversed)."""
FILE = "deeplearning/layers.py"
EXPECT = {"relu_layer": "x > 0"}
MISTAKE = "relu_layer/gradient_where_negative"
PUBLIC = True


def relu_backward(dout, cache):
    x = cache
    dx = None
    dx = dout * (x < 0)
    return dx
