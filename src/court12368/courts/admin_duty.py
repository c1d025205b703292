"""系统配置: the duty judges' roster (洛阳中院一号通办服务工作规范第七条)."""
