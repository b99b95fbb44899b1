"""Opinion-group math: pure numpy/scipy/scikit-learn, no Django import."""
