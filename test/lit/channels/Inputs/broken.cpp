#include <coroutine>
int main() { return undeclared_name; }
